using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Dissectors.Core.Buffers;

/// <summary>
/// A growable list kept inside the object that owns it (a mutable struct field, never copied): unlike a
/// <see cref="List{T}"/> it is no object of its own, so a conversation's reassembly state is a few objects
/// fewer, and an empty list holds no array until the first add. Only what
/// <see cref="Reassembly.HalfStream"/> needs; not thread-safe. Keep it in a field and call it in place:
/// a copy would share the array but not the count.
/// </summary>
internal struct InlineList<T>
{
    private T[]? _items;
    private int _count;

    public readonly int Count => _count;

    public readonly ref T this[int index]
    {
        get
        {
            if ((uint)index >= (uint)_count)
            {
                ThrowIndex();
            }

            return ref _items![index];
        }
    }

    public readonly Span<T> AsSpan() => _items is null ? default : _items.AsSpan(0, _count);

    public readonly Span<T>.Enumerator GetEnumerator() => AsSpan().GetEnumerator();

    public void Add(T item)
    {
        if (_items is null || _count == _items.Length)
        {
            Grow();
        }

        _items[_count++] = item;
    }

    public void Insert(int index, T item)
    {
        if ((uint)index > (uint)_count)
        {
            ThrowIndex();
        }

        if (_items is null || _count == _items.Length)
        {
            Grow();
        }

        Array.Copy(_items, index, _items, index + 1, _count - index);
        _items[index] = item;
        _count++;
    }

    public void RemoveAt(int index) => RemoveRange(index, 1);

    public void RemoveRange(int index, int count)
    {
        if (index < 0 || count < 0 || _count - index < count)
        {
            ThrowIndex();
        }

        if (count == 0)
        {
            return;
        }

        Array.Copy(_items!, index + count, _items!, index, _count - index - count);
        _count -= count;
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
        {
            // Nothing is kept alive (pooled buffers) by the slots past the end.
            Array.Clear(_items!, _count, count);
        }
    }

    public void Clear()
    {
        if (_count > 0 && RuntimeHelpers.IsReferenceOrContainsReferences<T>())
        {
            Array.Clear(_items!, 0, _count);
        }

        _count = 0;
    }

    [MemberNotNull(nameof(_items))]
    private void Grow()
    {
        int length = _items is null ? 4 : _items.Length * 2;
        var bigger = new T[length];
        if (_count > 0)
        {
            Array.Copy(_items!, bigger, _count);
        }

        _items = bigger;
    }

    private static void ThrowIndex() => throw new ArgumentOutOfRangeException("index");
}
