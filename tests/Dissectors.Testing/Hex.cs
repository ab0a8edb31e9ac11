namespace Dissectors.Testing;

/// <summary>Hex helpers for tests: spec-style commented hex in, bytes out.</summary>
public static class Hex
{
    /// <summary>Parses hex digits, ignoring whitespace, ':' '-' separators and '#'/'//' comments to end of line.</summary>
    public static byte[] Parse(string text)
    {
        var bytes = new List<byte>();
        int nibble = -1;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '#' || (c == '/' && i + 1 < text.Length && text[i + 1] == '/'))
            {
                while (i < text.Length && text[i] != '\n')
                {
                    i++;
                }

                continue;
            }

            int v = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'f' => c - 'a' + 10,
                >= 'A' and <= 'F' => c - 'A' + 10,
                _ => -1,
            };
            if (v < 0)
            {
                continue;
            }

            if (nibble < 0)
            {
                nibble = v;
            }
            else
            {
                bytes.Add((byte)((nibble << 4) | v));
                nibble = -1;
            }
        }

        if (nibble >= 0)
        {
            throw new FormatException("odd number of hex digits");
        }

        return [.. bytes];
    }

    public static string Format(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
