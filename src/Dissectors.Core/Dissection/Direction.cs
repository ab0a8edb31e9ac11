namespace Dissectors.Core.Dissection;

/// <summary>
/// Direction of a segment within a conversation. <see cref="ToServer"/> is client → server where the
/// server is known (SYN seen, registered port, or decode-as); otherwise it is the first sender's direction.
/// </summary>
public enum Direction : byte
{
    ToServer = 0,
    ToClient = 1,
}
