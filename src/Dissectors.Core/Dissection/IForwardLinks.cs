namespace Dissectors.Core.Dissection;

/// <summary>
/// A module that can show links to later frames (<c>*.response_in</c>) in a two-pass run (tshark's
/// <c>-2</c>): during the first pass it records request → response frames, and on the second pass
/// (<see cref="FrameInfo.SecondPass"/>) it adds them to the requests. Recording is off in a one-pass run,
/// because nothing could use the links and they grow with the capture.
/// </summary>
public interface IForwardLinks
{
    bool RecordResponseLinks { get; set; }
}
