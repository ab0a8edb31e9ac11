namespace Dissectors.Core.Dissection;

/// <summary>Well-known data-source indices of a <see cref="FieldTree"/>.</summary>
public static class DataSources
{
    /// <summary>The captured frame bytes.</summary>
    public const byte Frame = 0;

    /// <summary>The per-frame arena: reassembled PDUs, decompressed bodies, generated strings.</summary>
    public const byte Arena = 1;

    /// <summary>Most sources a frame can have (frame, arena and named views into the arena).</summary>
    public const int Max = 64;
}
