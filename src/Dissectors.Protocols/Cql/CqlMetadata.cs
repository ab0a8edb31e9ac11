namespace Dissectors.Protocols.Cql;

/// <summary>One node of a parsed CQL type ([option]); children are a sibling-linked list.</summary>
internal struct CqlTypeNode
{
    public CqlType Id;
    public int FirstChild;
    public int LastChild;
    public int NextSibling;
    public int ChildCount;

    /// <summary>UDT: the type's name; CUSTOM: the class name (offsets into the metadata bytes).</summary>
    public int NameOffset;
    public int NameLength;

    /// <summary>UDT: the keyspace.</summary>
    public int KeyspaceOffset;
    public int KeyspaceLength;

    /// <summary>For a UDT's field types: the field name.</summary>
    public int FieldNameOffset;
    public int FieldNameLength;

    /// <summary>Vector: number of elements.</summary>
    public int Dimensions;
}

/// <summary>One column spec: name, type and (when not global) its table.</summary>
internal struct CqlColumn
{
    public int NameOffset;
    public int NameLength;
    public int Type;
    public int KeyspaceOffset;
    public int KeyspaceLength;
    public int TableOffset;
    public int TableLength;
}

/// <summary>
/// Column specs and types of one metadata block (a Rows result, or a prepared statement's variables or
/// result), as offsets into the bytes they were parsed from. Reused from message to message.
/// </summary>
internal sealed class CqlMetadata
{
    public CqlTypeNode[] Nodes = new CqlTypeNode[16];
    public int NodeCount;
    public CqlColumn[] Columns = new CqlColumn[8];
    public int ColumnCount;

    /// <summary>Column specs were present (false for No_metadata results).</summary>
    public bool HasColumns;

    public int Flags;
    public int DeclaredColumns;

    public void Reset()
    {
        NodeCount = 0;
        ColumnCount = 0;
        HasColumns = false;
        Flags = 0;
        DeclaredColumns = 0;
    }

    /// <summary>A new type node, or -1 when the block has more nodes than <see cref="CqlLimits.MaxTypeNodes"/>.</summary>
    public int AddNode(CqlType id)
    {
        if (NodeCount >= CqlLimits.MaxTypeNodes)
        {
            return -1;
        }

        if (NodeCount == Nodes.Length)
        {
            Array.Resize(ref Nodes, Nodes.Length * 2);
        }

        int i = NodeCount++;
        Nodes[i] = new CqlTypeNode { Id = id, FirstChild = -1, LastChild = -1, NextSibling = -1 };
        return i;
    }

    /// <summary>Appends <paramref name="child"/> to <paramref name="parent"/>'s children.</summary>
    public void AddChild(int parent, int child)
    {
        ref CqlTypeNode p = ref Nodes[parent];
        p.ChildCount++;
        if (p.FirstChild < 0)
        {
            p.FirstChild = child;
        }
        else
        {
            Nodes[p.LastChild].NextSibling = child;
        }

        p.LastChild = child;
    }

    public ref CqlColumn AddColumn()
    {
        if (ColumnCount == Columns.Length)
        {
            Array.Resize(ref Columns, Columns.Length * 2);
        }

        Columns[ColumnCount] = default;
        return ref Columns[ColumnCount++];
    }
}
