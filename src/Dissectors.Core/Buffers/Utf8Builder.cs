using System.Runtime.CompilerServices;
using System.Text;

namespace Dissectors.Core.Buffers;

/// <summary>
/// A growable UTF-8 byte buffer reused across frames (Info column, output lines). Appending formats
/// straight into the buffer through <see cref="IUtf8SpanFormattable"/>; nothing is allocated once the
/// buffer has grown.
/// </summary>
public sealed class Utf8Builder
{
    private byte[] _buffer;
    private int _length;

    public Utf8Builder(int capacity = 256) => _buffer = new byte[capacity];

    public int Length
    {
        get => _length;
        set => _length = Math.Clamp(value, 0, _length);
    }

    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, _length);

    /// <summary>The written bytes, writable (for in-place fix-ups such as case changes).</summary>
    public Span<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    public void Clear() => _length = 0;

    public Span<byte> GetSpan(int sizeHint)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_length);
    }

    public void Advance(int count) => _length += count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Append(byte b)
    {
        if (_length == _buffer.Length)
        {
            Ensure(1);
        }

        _buffer[_length++] = b;
    }

    public void Append(ReadOnlySpan<byte> utf8)
    {
        Ensure(utf8.Length);
        utf8.CopyTo(_buffer.AsSpan(_length));
        _length += utf8.Length;
    }

    public void Append(ReadOnlySpan<char> text)
    {
        Ensure(Encoding.UTF8.GetMaxByteCount(text.Length));
        _length += Encoding.UTF8.GetBytes(text, _buffer.AsSpan(_length));
    }

    public void Append(string? text)
    {
        if (text is not null)
        {
            Append(text.AsSpan());
        }
    }

    public void Append<T>(T value, ReadOnlySpan<char> format = default)
        where T : IUtf8SpanFormattable
    {
        int written;
        while (!value.TryFormat(_buffer.AsSpan(_length), out written, format, System.Globalization.CultureInfo.InvariantCulture))
        {
            Ensure(Math.Max(32, _buffer.Length));
        }

        _length += written;
    }

    /// <summary>Appends via an interpolated string, formatting each hole as UTF-8 in place.</summary>
    public void Append([InterpolatedStringHandlerArgument("")] ref AppendHandler handler)
    {
        _ = handler;
    }

    /// <summary>Inserts bytes at the front (used for prepending fences in the Info column).</summary>
    public void Insert(int index, ReadOnlySpan<byte> utf8)
    {
        index = Math.Clamp(index, 0, _length);
        Ensure(utf8.Length);
        _buffer.AsSpan(index, _length - index).CopyTo(_buffer.AsSpan(index + utf8.Length));
        utf8.CopyTo(_buffer.AsSpan(index));
        _length += utf8.Length;
    }

    private void Ensure(int extra)
    {
        long need = (long)_length + extra;
        if (need > _buffer.Length)
        {
            long size = Math.Max(need, _buffer.Length * 2L);
            Array.Resize(ref _buffer, (int)Math.Min(size, Array.MaxLength));
        }
    }

    public override string ToString() => Encoding.UTF8.GetString(Span);

    [InterpolatedStringHandler]
    public readonly ref struct AppendHandler
    {
        private readonly Utf8Builder _builder;

        public AppendHandler(int literalLength, int formattedCount, Utf8Builder builder)
        {
            _builder = builder;
            builder.Ensure(literalLength + formattedCount * 16);
        }

        public void AppendLiteral(string s) => _builder.Append(s.AsSpan());

        public void AppendFormatted(ReadOnlySpan<char> s) => _builder.Append(s);

        public void AppendFormatted(string? s) => _builder.Append(s);

        public void AppendFormatted<T>(T value, string? format = null)
            where T : IUtf8SpanFormattable => _builder.Append(value, format);
    }
}
