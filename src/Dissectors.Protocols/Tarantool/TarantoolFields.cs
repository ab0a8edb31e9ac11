using Dissectors.Core.Fields;

namespace Dissectors.Protocols.Tarantool;

/// <summary>
/// The Tarantool iproto fields. The six of the Tarantool Lua plugin (<c>tnt.type</c>, <c>tnt.request</c>,
/// <c>tnt.sync</c>, <c>tnt.schema_version</c>, <c>tnt.stream_id</c>, <c>tnt.response</c>) keep its names and
/// meanings; everything else is dissect's own, named after Tarantool's IPROTO_* keys in lower case.
/// MsgPack values are shown as JSON-like text on the key's field, with a <c>tnt.mp.*</c> subtree of
/// filterable scalars.
/// </summary>
internal sealed class TarantoolFields
{
    public TarantoolFields(FieldRegistry r)
    {
        Protocol = r.AddProtocol("tarantool", "Tarantool iproto", "Tarantool");
        // The Lua plugin's prefix: a protocol "in name only" under tarantool, so tnt.* fields are listed
        // (and switched off) with it.
        Tnt = r.AddProtocol("tnt", "Tarantool iproto fields", "tnt", nameOnlyParent: Protocol);
        Size = r.Add("tnt.size", "Packet length", FieldType.UInt32, FieldBase.Dec, blurb: "MsgPack length prefix: bytes of header and body");
        Header = r.Add("tnt.header", "Header", FieldType.None, FieldBase.None);
        Body = r.Add("tnt.body", "Body", FieldType.None, FieldBase.None);
        Type = r.Add("tnt.type", "Type", FieldType.UInt16, FieldBase.Hex, TarantoolValues.Type, blurb: "Request or response type (IPROTO_REQUEST_TYPE)");
        Request = r.Add("tnt.request", "Request", FieldType.String, FieldBase.None, blurb: "Request name as the Tarantool Lua plugin spells it");
        Response = r.AddBoolean("tnt.response", "Response", blurb: "Message is a response (OK, CHUNK or error)");
        Sync = r.Add("tnt.sync", "Sync", FieldType.UInt64, FieldBase.Dec, blurb: "Request id (IPROTO_SYNC), echoed in the response");
        SchemaVersion = r.Add("tnt.schema_version", "Schema version", FieldType.UInt64, FieldBase.Dec);
        StreamId = r.Add("tnt.stream_id", "Stream id", FieldType.UInt64, FieldBase.Dec, blurb: "Interactive transaction stream (IPROTO_STREAM_ID)");
        ReplicaId = r.Add("tnt.replica_id", "Replica id", FieldType.UInt64, FieldBase.Dec);
        Lsn = r.Add("tnt.lsn", "LSN", FieldType.UInt64, FieldBase.Dec, blurb: "Log sequence number");
        Timestamp = r.Add("tnt.timestamp", "Timestamp", FieldType.Double, FieldBase.None, blurb: "Seconds since the epoch");
        ServerVersion = r.Add("tnt.server_version", "Server version", FieldType.UInt32, FieldBase.Hex);
        GroupId = r.Add("tnt.group_id", "Group id", FieldType.UInt64, FieldBase.Dec);
        Tsn = r.Add("tnt.tsn", "Transaction sequence number", FieldType.UInt64, FieldBase.Dec);
        Flags = r.Add("tnt.flags", "Flags", FieldType.UInt64, FieldBase.Hex);
        FlagCommit = r.AddBoolean("tnt.flags.commit", "Commit", 64, bitmask: 1);
        FlagWaitSync = r.AddBoolean("tnt.flags.wait_sync", "Wait sync", 64, bitmask: 2);
        FlagWaitAck = r.AddBoolean("tnt.flags.wait_ack", "Wait ack", 64, bitmask: 4);
        ThreadId = r.Add("tnt.thread_id", "Thread id", FieldType.UInt64, FieldBase.Dec);
        UnknownKey = r.Add("tnt.unknown_key", "Unknown key", FieldType.UInt64, FieldBase.Hex, blurb: "A key dissect does not know");
        SpaceId = r.Add("tnt.space_id", "Space id", FieldType.UInt64, FieldBase.Dec);
        IndexId = r.Add("tnt.index_id", "Index id", FieldType.UInt64, FieldBase.Dec);
        Limit = r.Add("tnt.limit", "Limit", FieldType.UInt64, FieldBase.Dec);
        Offset = r.Add("tnt.offset", "Offset", FieldType.UInt64, FieldBase.Dec);
        Iterator = r.Add("tnt.iterator", "Iterator", FieldType.UInt32, FieldBase.Dec, TarantoolValues.Iterator);
        IndexBase = r.Add("tnt.index_base", "Index base", FieldType.UInt32, FieldBase.Dec, blurb: "First field number (0 or 1)");
        FetchPosition = r.AddBoolean("tnt.fetch_position", "Fetch position");
        AfterPosition = r.Add("tnt.after_position", "After position", FieldType.Bytes, FieldBase.None);
        AfterTuple = r.Add("tnt.after_tuple", "After tuple", FieldType.String, FieldBase.None);
        Position = r.Add("tnt.position", "Position", FieldType.Bytes, FieldBase.None);
        Key = r.Add("tnt.key", "Key", FieldType.String, FieldBase.None, blurb: "IPROTO_KEY as MsgPack text");
        Tuple = r.Add("tnt.tuple", "Tuple", FieldType.String, FieldBase.None, blurb: "IPROTO_TUPLE as MsgPack text (the operations of an UPDATE)");
        Ops = r.Add("tnt.ops", "Operations", FieldType.String, FieldBase.None, blurb: "Update operations of an UPSERT (IPROTO_OPS)");
        Operation = r.Add("tnt.operation", "Operation", FieldType.String, FieldBase.None, blurb: "One update operation");
        Operator = r.Add("tnt.operation.operator", "Operator", FieldType.String, FieldBase.None);
        OperationField = r.Add("tnt.operation.field", "Field", FieldType.String, FieldBase.None, blurb: "Field number or name the operation changes");
        FunctionName = r.Add("tnt.function_name", "Function name", FieldType.String, FieldBase.None);
        UserName = r.Add("tnt.user_name", "User name", FieldType.String, FieldBase.None);
        Expression = r.Add("tnt.expression", "Expression", FieldType.String, FieldBase.None, blurb: "Lua source of an EVAL");
        AuthMechanism = r.Add("tnt.auth.mechanism", "Auth mechanism", FieldType.String, FieldBase.None, blurb: "chap-sha1 or pap-sha256");
        AuthScramble = r.Add("tnt.auth.scramble", "Scramble", FieldType.Bytes, FieldBase.None, blurb: "Password scramble (never text)");
        InstanceUuid = r.Add("tnt.instance_uuid", "Instance UUID", FieldType.String, FieldBase.None);
        ReplicasetUuid = r.Add("tnt.replicaset_uuid", "Replica set UUID", FieldType.String, FieldBase.None);
        Vclock = r.Add("tnt.vclock", "Vclock", FieldType.String, FieldBase.None, blurb: "Replica id to LSN map");
        VclockComponent = r.Add("tnt.vclock.lsn", "Vclock LSN", FieldType.UInt64, FieldBase.Dec, blurb: "LSN of one replica in a vclock");
        VclockReplica = r.Add("tnt.vclock.replica_id", "Vclock replica id", FieldType.UInt32, FieldBase.Dec);
        VclockSync = r.Add("tnt.vclock_sync", "Vclock sync", FieldType.UInt64, FieldBase.Dec);
        Term = r.Add("tnt.term", "Term", FieldType.UInt64, FieldBase.Dec, blurb: "Raft term");
        Ballot = r.Add("tnt.ballot", "Ballot", FieldType.String, FieldBase.None);
        ReplicaAnon = r.AddBoolean("tnt.replica_anon", "Anonymous replica");
        IdFilter = r.Add("tnt.id_filter", "Id filter", FieldType.String, FieldBase.None);
        Data = r.Add("tnt.data", "Data", FieldType.String, FieldBase.None, blurb: "IPROTO_DATA as MsgPack text");
        ErrorCode = r.Add("tnt.error.code", "Error code", FieldType.UInt32, FieldBase.Dec);
        ErrorMessage = r.Add("tnt.error.message", "Error message", FieldType.String, FieldBase.None);
        ErrorStack = r.Add("tnt.error", "Error stack", FieldType.None, FieldBase.None, blurb: "IPROTO_ERROR (MP_ERROR)");
        ErrorFrame = r.Add("tnt.error.frame", "Error", FieldType.None, FieldBase.None);
        ErrorType = r.Add("tnt.error.type", "Error type", FieldType.String, FieldBase.None);
        ErrorFile = r.Add("tnt.error.file", "File", FieldType.String, FieldBase.None);
        ErrorLine = r.Add("tnt.error.line", "Line", FieldType.UInt32, FieldBase.Dec);
        ErrorErrno = r.Add("tnt.error.errno", "Errno", FieldType.UInt32, FieldBase.Dec);
        ErrorFields = r.Add("tnt.error.fields", "Fields", FieldType.String, FieldBase.None);
        SqlText = r.Add("tnt.sql_text", "SQL text", FieldType.String, FieldBase.None);
        SqlBind = r.Add("tnt.sql_bind", "SQL bind values", FieldType.String, FieldBase.None);
        Options = r.Add("tnt.options", "Options", FieldType.String, FieldBase.None);
        StmtId = r.Add("tnt.stmt_id", "Statement id", FieldType.UInt64, FieldBase.Hex);
        BindCount = r.Add("tnt.bind_count", "Bind count", FieldType.UInt32, FieldBase.Dec);
        BindMetadata = r.Add("tnt.bind_metadata", "Bind metadata", FieldType.None, FieldBase.None);
        Metadata = r.Add("tnt.metadata", "Metadata", FieldType.None, FieldBase.None);
        Column = r.Add("tnt.metadata.column", "Column", FieldType.None, FieldBase.None);
        ColumnName = r.Add("tnt.metadata.name", "Column name", FieldType.String, FieldBase.None);
        ColumnType = r.Add("tnt.metadata.type", "Column type", FieldType.String, FieldBase.None);
        ColumnColl = r.Add("tnt.metadata.collation", "Collation", FieldType.String, FieldBase.None);
        ColumnNullable = r.AddBoolean("tnt.metadata.is_nullable", "Nullable");
        ColumnAutoinc = r.AddBoolean("tnt.metadata.is_autoincrement", "Autoincrement");
        ColumnSpan = r.Add("tnt.metadata.span", "Span", FieldType.String, FieldBase.None);
        SqlInfo = r.Add("tnt.sql_info", "SQL info", FieldType.None, FieldBase.None);
        RowCount = r.Add("tnt.sql_info.row_count", "Row count", FieldType.UInt64, FieldBase.Dec);
        AutoincrementId = r.Add("tnt.sql_info.autoincrement_id", "Autoincrement id", FieldType.Int64, FieldBase.Dec);
        Version = r.Add("tnt.version", "Protocol version", FieldType.UInt32, FieldBase.Dec, blurb: "IPROTO_VERSION of an ID request or response");
        Feature = r.Add("tnt.feature", "Feature", FieldType.UInt32, FieldBase.Dec, TarantoolValues.Feature);
        Timeout = r.Add("tnt.timeout", "Timeout", FieldType.Double, FieldBase.None);
        EventKey = r.Add("tnt.event_key", "Event key", FieldType.String, FieldBase.None);
        EventData = r.Add("tnt.event_data", "Event data", FieldType.String, FieldBase.None);
        TxnIsolation = r.Add("tnt.txn_isolation", "Transaction isolation", FieldType.UInt32, FieldBase.Dec);
        SpaceName = r.Add("tnt.space_name", "Space name", FieldType.String, FieldBase.None);
        IndexName = r.Add("tnt.index_name", "Index name", FieldType.String, FieldBase.None);
        ReplicasetName = r.Add("tnt.replicaset_name", "Replica set name", FieldType.String, FieldBase.None);
        InstanceName = r.Add("tnt.instance_name", "Instance name", FieldType.String, FieldBase.None);
        IsSync = r.AddBoolean("tnt.is_sync", "Synchronous");
        Value = r.Add("tnt.value", "Value", FieldType.String, FieldBase.None, blurb: "Another body key's value as MsgPack text");
        ResponseIn = r.Add("tnt.response_in", "Response in", FieldType.FrameNum, FieldBase.None, blurb: "The response to this request is in this frame");
        ResponseTo = r.Add("tnt.response_to", "Request in", FieldType.FrameNum, FieldBase.None, blurb: "This is a response to the request in this frame");
        ResponseTime = r.Add("tnt.response_time", "Response time", FieldType.RelativeTime, FieldBase.None, blurb: "Time between the request and the response");
        RequestOf = r.Add("tnt.response_to_request", "Request type", FieldType.String, FieldBase.None, blurb: "Name of the request this response answers");
        Greeting = r.Add("tnt.greeting", "Greeting", FieldType.None, FieldBase.None);
        GreetingVersion = r.Add("tnt.greeting.version", "Server version", FieldType.String, FieldBase.None, blurb: "Version in the greeting's first line");
        GreetingProtocol = r.Add("tnt.greeting.protocol", "Protocol", FieldType.String, FieldBase.None);
        GreetingSalt = r.Add("tnt.greeting.salt", "Salt", FieldType.String, FieldBase.None, blurb: "Base64 salt of the second line");
        MpNil = r.Add("tnt.mp.nil", "nil", FieldType.None, FieldBase.None);
        MpBool = r.AddBoolean("tnt.mp.bool", "bool");
        MpUInt = r.Add("tnt.mp.uint", "uint", FieldType.UInt64, FieldBase.Dec);
        MpInt = r.Add("tnt.mp.int", "int", FieldType.Int64, FieldBase.Dec);
        MpDouble = r.Add("tnt.mp.double", "double", FieldType.Double, FieldBase.None);
        MpStr = r.Add("tnt.mp.str", "str", FieldType.String, FieldBase.None);
        MpBin = r.Add("tnt.mp.bin", "bin", FieldType.Bytes, FieldBase.None);
        MpArray = r.Add("tnt.mp.array", "array", FieldType.UInt32, FieldBase.Dec, blurb: "Element count");
        MpMap = r.Add("tnt.mp.map", "map", FieldType.UInt32, FieldBase.Dec, blurb: "Pair count");
        MpExt = r.Add("tnt.mp.ext", "ext", FieldType.Bytes, FieldBase.None);
        MpExtType = r.Add("tnt.mp.ext_type", "Ext type", FieldType.Int8, FieldBase.Dec, TarantoolValues.ExtType);
        MpUuid = r.Add("tnt.mp.uuid", "uuid", FieldType.Guid, FieldBase.None);
        MpDecimal = r.Add("tnt.mp.decimal", "decimal", FieldType.String, FieldBase.None);
    }

    public FieldId Protocol { get; }
    public FieldId Tnt { get; }
    public FieldId Size { get; }
    public FieldId Header { get; }
    public FieldId Body { get; }
    public FieldId Type { get; }
    public FieldId Request { get; }
    public FieldId Response { get; }
    public FieldId Sync { get; }
    public FieldId SchemaVersion { get; }
    public FieldId StreamId { get; }
    public FieldId ReplicaId { get; }
    public FieldId Lsn { get; }
    public FieldId Timestamp { get; }
    public FieldId ServerVersion { get; }
    public FieldId GroupId { get; }
    public FieldId Tsn { get; }
    public FieldId Flags { get; }
    public FieldId FlagCommit { get; }
    public FieldId FlagWaitSync { get; }
    public FieldId FlagWaitAck { get; }
    public FieldId ThreadId { get; }
    public FieldId UnknownKey { get; }
    public FieldId SpaceId { get; }
    public FieldId IndexId { get; }
    public FieldId Limit { get; }
    public FieldId Offset { get; }
    public FieldId Iterator { get; }
    public FieldId IndexBase { get; }
    public FieldId FetchPosition { get; }
    public FieldId AfterPosition { get; }
    public FieldId AfterTuple { get; }
    public FieldId Position { get; }
    public FieldId Key { get; }
    public FieldId Tuple { get; }
    public FieldId Ops { get; }
    public FieldId Operation { get; }
    public FieldId Operator { get; }
    public FieldId OperationField { get; }
    public FieldId FunctionName { get; }
    public FieldId UserName { get; }
    public FieldId Expression { get; }
    public FieldId AuthMechanism { get; }
    public FieldId AuthScramble { get; }
    public FieldId InstanceUuid { get; }
    public FieldId ReplicasetUuid { get; }
    public FieldId Vclock { get; }
    public FieldId VclockComponent { get; }
    public FieldId VclockReplica { get; }
    public FieldId VclockSync { get; }
    public FieldId Term { get; }
    public FieldId Ballot { get; }
    public FieldId ReplicaAnon { get; }
    public FieldId IdFilter { get; }
    public FieldId Data { get; }
    public FieldId ErrorCode { get; }
    public FieldId ErrorMessage { get; }
    public FieldId ErrorStack { get; }
    public FieldId ErrorFrame { get; }
    public FieldId ErrorType { get; }
    public FieldId ErrorFile { get; }
    public FieldId ErrorLine { get; }
    public FieldId ErrorErrno { get; }
    public FieldId ErrorFields { get; }
    public FieldId SqlText { get; }
    public FieldId SqlBind { get; }
    public FieldId Options { get; }
    public FieldId StmtId { get; }
    public FieldId BindCount { get; }
    public FieldId BindMetadata { get; }
    public FieldId Metadata { get; }
    public FieldId Column { get; }
    public FieldId ColumnName { get; }
    public FieldId ColumnType { get; }
    public FieldId ColumnColl { get; }
    public FieldId ColumnNullable { get; }
    public FieldId ColumnAutoinc { get; }
    public FieldId ColumnSpan { get; }
    public FieldId SqlInfo { get; }
    public FieldId RowCount { get; }
    public FieldId AutoincrementId { get; }
    public FieldId Version { get; }
    public FieldId Feature { get; }
    public FieldId Timeout { get; }
    public FieldId EventKey { get; }
    public FieldId EventData { get; }
    public FieldId TxnIsolation { get; }
    public FieldId SpaceName { get; }
    public FieldId IndexName { get; }
    public FieldId ReplicasetName { get; }
    public FieldId InstanceName { get; }
    public FieldId IsSync { get; }
    public FieldId Value { get; }
    public FieldId ResponseIn { get; }
    public FieldId ResponseTo { get; }
    public FieldId ResponseTime { get; }
    public FieldId RequestOf { get; }
    public FieldId Greeting { get; }
    public FieldId GreetingVersion { get; }
    public FieldId GreetingProtocol { get; }
    public FieldId GreetingSalt { get; }
    public FieldId MpNil { get; }
    public FieldId MpBool { get; }
    public FieldId MpUInt { get; }
    public FieldId MpInt { get; }
    public FieldId MpDouble { get; }
    public FieldId MpStr { get; }
    public FieldId MpBin { get; }
    public FieldId MpArray { get; }
    public FieldId MpMap { get; }
    public FieldId MpExt { get; }
    public FieldId MpExtType { get; }
    public FieldId MpUuid { get; }
    public FieldId MpDecimal { get; }
}
