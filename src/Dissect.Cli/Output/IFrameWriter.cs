namespace Dissect.Cli.Output;

/// <summary>
/// Writes frames that passed the display filter. Implementations write UTF-8 into an
/// <see cref="OutputSink"/> and allocate nothing per frame or field once warmed up.
/// </summary>
public interface IFrameWriter
{
    /// <summary>Writes one frame. The view (and every span it hands out) is valid only during the call.</summary>
    void Write(FrameView frame);

    /// <summary>Called once after the last frame (closing brackets of JSON, flushing).</summary>
    void Complete();
}
