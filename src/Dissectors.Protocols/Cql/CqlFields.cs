using Dissectors.Core.Fields;

namespace Dissectors.Protocols.Cql;

/// <summary>
/// The CQL fields. The first block is tshark 4.0.17's 83 <c>cql.*</c> fields with their exact abbreviations,
/// names, types, bases, masks and blurbs (<c>tshark -G fields</c>). The second block adds what tshark has
/// no field for; names from later Wireshark releases are used where they exist (<c>cql.event_type</c>,
/// <c>cql.schema_change_*</c>, <c>cql.auth_token</c>, <c>cql.null_value</c>, <c>cql.bytesmap.key</c>).
/// </summary>
internal sealed class CqlFields
{
    public CqlFields(FieldRegistry r)
    {
        Protocol = r.AddProtocol("cql", "Cassandra CQL Protocol", "CQL");

        // ---- tshark 4.0.17 ----
        BatchFlagsSerialConsistency = r.AddBoolean("cql.batch.flags.serial_consistency", "Serial Consistency", 8, bitmask: 0x10);
        BatchFlagsDefaultTimestamp = r.AddBoolean("cql.batch.flags.default_timestamp", "Default Timestamp", 8, bitmask: 0x20);
        BatchFlagsWithNameForValues = r.AddBoolean("cql.batch.flags.with_name_for_values", "With Name For Value", 8, bitmask: 0x40);
        BatchFlags = r.Add("cql.batch.flags", "Flags", FieldType.UInt8, FieldBase.Hex);
        Version = r.Add("cql.version", "Version", FieldType.UInt8, FieldBase.Hex, blurb: "CQL protocol version (not language version)");
        ProtocolVersion = r.Add("cql.protocol_version", "Protocol version", FieldType.UInt8, FieldBase.Dec, bitmask: 0xf);
        Direction = r.Add("cql.direction", "Direction", FieldType.UInt8, FieldBase.Hex, CqlValues.Direction, bitmask: 0xf0);
        Flags = r.Add("cql.flags", "Flags", FieldType.UInt8, FieldBase.Hex);
        ResultRowsFlags = r.Add("cql.result.rows.flags", "Rows Result Flags", FieldType.UInt32, FieldBase.Dec);
        ResultRowsFlagsGlobalTables = r.AddBoolean("cql.result.rows.flags.global_tables", "Global tables spec.", 32, bitmask: 0x1);
        ResultRowsFlagsHasMorePages = r.AddBoolean("cql.result.rows.flags.has_more_pages", "Has More Pages", 32, bitmask: 0x2);
        ResultRowsFlagsNoMetadata = r.AddBoolean("cql.result.rows.flags.no_metadata", "No Metadata", 32, bitmask: 0x4);
        FlagsCompression = r.AddBoolean("cql.flags.compression", "Compression", 8, bitmask: 0x1);
        FlagsTracing = r.AddBoolean("cql.flags.tracing", "Tracing", 8, bitmask: 0x2);
        FlagsCustomPayload = r.AddBoolean("cql.flags.custom_payload", "Custom Payload", 8, bitmask: 0x4);
        FlagsWarning = r.AddBoolean("cql.flags.warning", "Warning", 8, bitmask: 0x8);
        FlagsReserved = r.Add("cql.flags.reserved", "Reserved", FieldType.UInt8, FieldBase.Hex, bitmask: 0xfc);
        QueryFlags = r.Add("cql.query.flags", "Flags", FieldType.UInt8, FieldBase.Hex);
        QueryFlagsPageSize = r.AddBoolean("cql.query.flags.page_size", "Page Size", 8, bitmask: 0x4);
        QueryFlagsSkipMetadata = r.AddBoolean("cql.query.flags.skip_metadata", "Skip Metadata", 8, bitmask: 0x2);
        QueryFlagsValues = r.AddBoolean("cql.query.flags.values", "Values", 8, bitmask: 0x1);
        QueryFlagsDefaultTimestamp = r.AddBoolean("cql.query.flags.default_timestamp", "Default Timestamp", 8, bitmask: 0x20);
        QueryFlagsValueNames = r.AddBoolean("cql.query.flags.value_names", "Names for Values", 8, bitmask: 0x40);
        QueryFlagsPagingState = r.AddBoolean("cql.query.flags.paging_state", "Paging State", 8, bitmask: 0x8);
        QueryFlagsSerialConsistency = r.AddBoolean("cql.query.flags.serial_consistency", "Serial Consistency", 8, bitmask: 0x10);
        QueryFlagsReserved = r.Add("cql.query_flags.reserved", "Reserved", FieldType.UInt8, FieldBase.Hex, bitmask: 0x80);
        Stream = r.Add("cql.stream", "Stream Identifier", FieldType.Int16, FieldBase.Dec, blurb: "Stream identifier this packet belongs to");
        Opcode = r.Add("cql.opcode", "Opcode", FieldType.UInt8, FieldBase.Dec, CqlValues.Opcode, bitmask: 0x7f, blurb: "CQL operation this packet describes");
        BatchType = r.Add("cql.batch_type", "Batch type", FieldType.UInt8, FieldBase.Dec, CqlValues.BatchType);
        BatchQueryType = r.Add("cql.batch_query_type", "Batch query type", FieldType.UInt8, FieldBase.Dec, CqlValues.BatchQueryType);
        MessageLength = r.Add("cql.message_length", "Message Length", FieldType.UInt32, FieldBase.Dec);
        StringMapSize = r.Add("cql.string_map_size", "String Map Size", FieldType.UInt16, FieldBase.Dec, blurb: "Number of strings in the map");
        StringListSize = r.Add("cql.string_list_size", "String List Size", FieldType.UInt16, FieldBase.Dec, blurb: "Number of strings in the list");
        String = r.Add("cql.string", "String", FieldType.String, FieldBase.None, blurb: "UTF-8 string value");
        ResultRowsKeyspaceName = r.Add("cql.result.rows.keyspace_name", "Global Spec Keyspace Name", FieldType.String, FieldBase.None);
        ResultRowsTableName = r.Add("cql.result.rows.table_name", "Global Spec Table Name", FieldType.String, FieldBase.None);
        ResultRowsUdtName = r.Add("cql.result.rows.udt_name", "User Defined Type Name", FieldType.String, FieldBase.None);
        ResultRowsUdtFieldName = r.Add("cql.result.rows.udt_field_name", "User Defined Type field Name", FieldType.String, FieldBase.None);
        ResultRowsUdtSize = r.Add("cql.result.rows.udt_size", "User Defined Type Size", FieldType.UInt16, FieldBase.Dec);
        ResultRowsListSize = r.Add("cql.result.rows.list_size", "List Size", FieldType.Int32, FieldBase.Dec);
        ResultRowsMapSize = r.Add("cql.result.rows.map_size", "Map Size", FieldType.Int32, FieldBase.Dec);
        ResultRowsSetSize = r.Add("cql.result.rows.set_size", "Set Size", FieldType.Int32, FieldBase.Dec);
        ResultRowsColumnName = r.Add("cql.result.rows.column_name", "Column Name", FieldType.String, FieldBase.None);
        StringLength = r.Add("cql.string_length", "String Length", FieldType.UInt32, FieldBase.Dec, blurb: "Length of the subsequent string value");
        Consistency = r.Add("cql.consistency", "Consistency", FieldType.UInt16, FieldBase.Hex, CqlValues.Consistency, blurb: "CQL consistency level specification");
        ValueCount = r.Add("cql.value_count", "Value count", FieldType.UInt16, FieldBase.Dec, blurb: "Number of subsequent values");
        BytesLengthInt = r.Add("cql.bytes_length.int", "Bytes length", FieldType.Int32, FieldBase.Dec, blurb: "Number of subsequent bytes");
        BytesLengthShort = r.Add("cql.bytes_length.short", "Bytes length", FieldType.UInt16, FieldBase.Dec, blurb: "Number of subsequent bytes");
        Bytes = r.Add("cql.bytes", "Bytes", FieldType.Bytes, FieldBase.None, blurb: "Raw byte array");
        Bigint = r.Add("cql.bigint", "Bigint", FieldType.Int64, FieldBase.Dec);
        Scale = r.Add("cql.scale", "Scale", FieldType.Int32, FieldBase.Dec);
        Ascii = r.Add("cql.ascii", "Ascii", FieldType.String, FieldBase.None, blurb: "An Ascii string");
        Double = r.Add("cql.double", "Double float", FieldType.Double, FieldBase.None);
        Float = r.Add("cql.float", "Float", FieldType.Float, FieldBase.None);
        Int = r.Add("cql.int", "Int", FieldType.Int32, FieldBase.Dec);
        Varint = r.Add("cql.varint", "Varint", FieldType.UInt8, FieldBase.Dec);
        Varint64 = r.Add("cql.varint64", "Varint", FieldType.UInt64, FieldBase.Dec);
        Varchar = r.Add("cql.varchar", "Varchar", FieldType.String, FieldBase.None);
        Timeuuid = r.Add("cql.timeuuid", "Time Uuid", FieldType.Guid, FieldBase.None);
        Custom = r.Add("cql.custom", "Custom", FieldType.String, FieldBase.None, blurb: "A custom field");
        RawCompressedBytes = r.Add("cql.raw_compressed_bytes", "Raw compressed bytes", FieldType.Bytes, FieldBase.None, blurb: "Raw byte that failed to be decompressed");
        PagingState = r.Add("cql.paging_state", "Paging State", FieldType.Bytes, FieldBase.None, blurb: "Paging state byte array");
        PageSize = r.Add("cql.page_size", "Page size", FieldType.Int32, FieldBase.Dec, blurb: "Desired page size of result (in CQL3 rows)");
        ResponseIn = r.Add("cql.response_in", "Response in", FieldType.FrameNum, FieldBase.None, blurb: "The response to this CQL request is in this frame");
        ResponseTo = r.Add("cql.response_to", "Request in", FieldType.FrameNum, FieldBase.None, blurb: "This is a response to the CQL request in this fame");
        ResponseTime = r.Add("cql.response_time", "Response time", FieldType.RelativeTime, FieldBase.None, blurb: "The time between the request and the response");
        Timestamp = r.Add("cql.timestamp", "Timestamp", FieldType.AbsoluteTime, FieldBase.None);
        QueryId = r.Add("cql.query_id", "Query ID", FieldType.Bytes, FieldBase.None, blurb: "CQL query id resulting from a PREPARE statement");
        BatchQuerySize = r.Add("cql.batch_query_size", "Batch Query Size", FieldType.UInt16, FieldBase.Dec, blurb: "Number of statements in CQL batch");
        ErrorCode = r.Add("cql.error_code", "Error Code", FieldType.Int32, FieldBase.Dec, blurb: "Error code from CQL server");
        ResultKind = r.Add("cql.result.kind", "Result Kind", FieldType.Int32, FieldBase.Dec, CqlValues.ResultKind, blurb: "Kind of result from CQL server");
        ResultRowsColumnCount = r.Add("cql.result.rows.column_count", "Column Count", FieldType.Int32, FieldBase.Dec, blurb: "Count of columns in a rows result from CQL server");
        ResultRowsTupleSize = r.Add("cql.result.rows.tuple_size", "Tuple Size", FieldType.UInt16, FieldBase.Dec, blurb: "Size of a tuple rows result from CQL server");
        ResultTimestamp = r.Add("cql.result.timestamp", "Timestamp (Epoch Time)", FieldType.Int64, FieldBase.Dec, blurb: "Timestamp result");
        DataType = r.Add("cql.data_type", "CQL Data Type", FieldType.UInt16, FieldBase.Dec, CqlValues.DataType);
        ResultRowsRowCount = r.Add("cql.result.rows.row_count", "CQL Result Rows Count", FieldType.Int32, FieldBase.Dec, blurb: "Number of rows returned in CQL result");
        Uuid = r.Add("cql.uuid", "UUID", FieldType.Guid, FieldBase.None);
        Port = r.Add("cql.port", "Port", FieldType.UInt32, FieldBase.Dec);
        Boolean = r.AddBoolean("cql.boolean", "Boolean", 0);
        Ipv4 = r.Add("cql.ipv4", "IPV4", FieldType.IPv4, FieldBase.None);
        Ipv6 = r.Add("cql.ipv6", "IPV6", FieldType.IPv6, FieldBase.None);
        // cql.ie_data_not_dissected_yet and cql.unexpected_negative_value are tshark's expert items (CqlExpert).

        // ---- added by dissect ----
        FlagsBeta = r.AddBoolean("cql.flags.beta", "Use Beta", 8, bitmask: 0x10, blurb: "v5: the client opts in to a protocol version in beta");
        Query = r.Add("cql.query", "Query", FieldType.String, blurb: "CQL text of a QUERY, PREPARE or batch statement, of the prepared statement an EXECUTE runs, or of the request a response answers");
        Keyspace = r.Add("cql.keyspace", "Keyspace", FieldType.String, blurb: "Keyspace the message is about (table spec, USE, schema change, v5 per-query keyspace)");
        Table = r.Add("cql.table", "Table", FieldType.String, blurb: "Table the message is about (table spec, schema change, Already_exists)");
        ErrorMessage = r.Add("cql.error.message", "Error Message", FieldType.String);
        ErrorConsistency = r.Add("cql.error.consistency", "Consistency", FieldType.UInt16, FieldBase.Hex, CqlValues.Consistency, blurb: "Consistency level of the request that failed");
        ErrorRequired = r.Add("cql.error.required", "Required", FieldType.Int32, blurb: "Replicas that had to be alive for the consistency level");
        ErrorAlive = r.Add("cql.error.alive", "Alive", FieldType.Int32, blurb: "Replicas known to be alive");
        ErrorReceived = r.Add("cql.error.received", "Received", FieldType.Int32, blurb: "Replicas that answered");
        ErrorBlockFor = r.Add("cql.error.block_for", "Block For", FieldType.Int32, blurb: "Replicas whose answer the consistency level needs");
        ErrorWriteType = r.Add("cql.error.write_type", "Write Type", FieldType.String);
        ErrorContentions = r.Add("cql.error.contentions", "Contentions", FieldType.UInt16, blurb: "v5: CAS contentions of a Write_timeout");
        ErrorDataPresent = r.AddBoolean("cql.error.data_present", "Data Present", 0);
        ErrorNumFailures = r.Add("cql.error.num_failures", "Failures", FieldType.Int32, blurb: "Replicas that failed (v4 count, v5 reason-map size)");
        ErrorFailureIPv4 = r.Add("cql.error.failure.ipv4", "Failed Replica", FieldType.IPv4);
        ErrorFailureIPv6 = r.Add("cql.error.failure.ipv6", "Failed Replica", FieldType.IPv6);
        ErrorFailureReason = r.Add("cql.error.failure.reason", "Failure Reason", FieldType.UInt16, FieldBase.Dec, CqlValues.FailureReason);
        ErrorFunction = r.Add("cql.error.function", "Function", FieldType.String);
        ErrorArgType = r.Add("cql.error.arg_type", "Argument Type", FieldType.String);
        ErrorUnpreparedId = r.Add("cql.error.unprepared_id", "Unknown Prepared ID", FieldType.Bytes);
        ErrorRateLimitOp = r.Add("cql.error.rate_limit.op_type", "Operation", FieldType.UInt8, FieldBase.Dec, CqlValues.RateLimitOp);
        ErrorRateLimitByCoordinator = r.AddBoolean("cql.error.rate_limit.rejected_by_coordinator", "Rejected by Coordinator", 0);
        TracingId = r.Add("cql.tracing_id", "Tracing ID", FieldType.Guid);
        Warning = r.Add("cql.warning", "Warning", FieldType.String);
        BytesMapKey = r.Add("cql.bytesmap.key", "Custom Payload Key", FieldType.String);
        BytesMapValue = r.Add("cql.bytesmap.value", "Custom Payload Value", FieldType.Bytes);
        OptionName = r.Add("cql.option.name", "Option", FieldType.String, blurb: "STARTUP option or SUPPORTED key");
        OptionValue = r.Add("cql.option.value", "Value", FieldType.String);
        Authenticator = r.Add("cql.authenticator", "Authenticator", FieldType.String);
        AuthToken = r.Add("cql.auth_token", "Auth Token", FieldType.Bytes, blurb: "[bytes] auth token");
        QueryFlags32 = r.Add("cql.query.flags32", "Flags", FieldType.UInt32, FieldBase.Hex, blurb: "v5 query/batch flags ([int])");
        QueryFlagsWithKeyspace = r.AddBoolean("cql.query.flags.with_keyspace", "With Keyspace", 32, bitmask: 0x80);
        QueryFlagsNowInSeconds = r.AddBoolean("cql.query.flags.now_in_seconds", "With Now In Seconds", 32, bitmask: 0x100);
        NowInSeconds = r.Add("cql.now_in_seconds", "Now In Seconds", FieldType.Int32);
        PrepareFlags = r.Add("cql.prepare.flags", "Flags", FieldType.UInt32, FieldBase.Hex);
        ResultMetadataId = r.Add("cql.result_metadata_id", "Result Metadata ID", FieldType.Bytes);
        ResultRowsFlagsMetadataChanged = r.AddBoolean("cql.result.rows.flags.metadata_changed", "Metadata Changed", 32, bitmask: 0x8);
        PreparedFlags = r.Add("cql.prepared.flags", "Bound Variables Flags", FieldType.UInt32, FieldBase.Hex);
        PreparedColumnCount = r.Add("cql.prepared.column_count", "Bound Variables", FieldType.Int32);
        PreparedPkCount = r.Add("cql.prepared.pk_count", "Partition Key Count", FieldType.Int32);
        PreparedPkIndex = r.Add("cql.prepared.pk_index", "Partition Key Index", FieldType.UInt16);
        PreparedResultFlags = r.Add("cql.prepared.result.flags", "Result Metadata Flags", FieldType.UInt32, FieldBase.Hex);
        PreparedResultColumnCount = r.Add("cql.prepared.result.column_count", "Result Columns", FieldType.Int32);
        Smallint = r.Add("cql.smallint", "Smallint", FieldType.Int16);
        Tinyint = r.Add("cql.tinyint", "Tinyint", FieldType.Int8);
        Counter = r.Add("cql.counter", "Counter", FieldType.Int64);
        Date = r.Add("cql.date", "Date", FieldType.String, blurb: "CQL date as YYYY-MM-DD");
        Time = r.Add("cql.time", "Time", FieldType.String, blurb: "CQL time of day as HH:MM:SS.nnnnnnnnn");
        Duration = r.Add("cql.duration", "Duration", FieldType.String, blurb: "CQL duration as months, days and nanoseconds (1y2mo3d4h5m6s7ms8us9ns)");
        Decimal = r.Add("cql.decimal", "Decimal", FieldType.String, blurb: "CQL decimal as text");
        VarintValue = r.Add("cql.varint.value", "Varint", FieldType.String, blurb: "CQL varint (any size) as decimal text");
        VectorSize = r.Add("cql.result.rows.vector_size", "Vector Dimensions", FieldType.UInt32);
        CustomType = r.Add("cql.data_type.custom", "Custom Type", FieldType.String, blurb: "Class name of a CUSTOM type");
        NullValue = r.Add("cql.null_value", "NULL value", FieldType.None, blurb: "A NULL value");
        UnsetValue = r.Add("cql.unset_value", "Not set", FieldType.None, blurb: "A value marked 'not set' (-2)");
        EventType = r.Add("cql.event_type", "Event Type", FieldType.String, blurb: "CQL Event Type");
        EventChange = r.Add("cql.event.change", "Change", FieldType.String, blurb: "NEW_NODE, REMOVED_NODE, UP or DOWN");
        EventIPv4 = r.Add("cql.event.ipv4", "Node", FieldType.IPv4);
        EventIPv6 = r.Add("cql.event.ipv6", "Node", FieldType.IPv6);
        EventPort = r.Add("cql.event.port", "Port", FieldType.UInt32);
        SchemaChangeType = r.Add("cql.schema_change_type", "Schema change type", FieldType.String, blurb: "CQL Schema Change Type");
        SchemaChangeTarget = r.Add("cql.schema_change_target", "Schema change target", FieldType.String, blurb: "CQL Schema Change target object");
        SchemaChangeKeyspace = r.Add("cql.schema_change_keyspace", "Schema change event keyspace name", FieldType.String, blurb: "CQL Schema Change keyspace name");
        SchemaChangeObject = r.Add("cql.schema_change_object_name", "Schema change event object name", FieldType.String, blurb: "CQL Schema Change object name");
        SchemaChangeArgument = r.Add("cql.schema_change_argument", "Argument type", FieldType.String, blurb: "Argument types of a changed function or aggregate");
        SegmentPayloadLength = r.Add("cql.segment.payload_length", "Payload Length", FieldType.UInt32, blurb: "v5 segment payload length (compressed length when compressed)");
        SegmentUncompressedLength = r.Add("cql.segment.uncompressed_length", "Uncompressed Length", FieldType.UInt32, blurb: "v5 compressed segment: payload length after LZ4 decompression (0 = stored)");
        SegmentSelfContained = r.AddBoolean("cql.segment.self_contained", "Self-contained", 0, blurb: "The payload holds whole envelopes (else part of one large envelope)");
        SegmentCompressed = r.AddBoolean("cql.segment.compressed", "Compressed Format", 0);
        SegmentHeaderCrc = r.Add("cql.segment.header_crc24", "Header CRC24", FieldType.UInt32, FieldBase.Hex);
        SegmentHeaderCrcStatus = r.Add("cql.segment.header_crc24.status", "Header CRC24 Status", FieldType.UInt8, FieldBase.None, CqlValues.ChecksumStatus);
        SegmentPayloadCrc = r.Add("cql.segment.payload_crc32", "Payload CRC32", FieldType.UInt32, FieldBase.Hex);
        SegmentPayloadCrcStatus = r.Add("cql.segment.payload_crc32.status", "Payload CRC32 Status", FieldType.UInt8, FieldBase.None, CqlValues.ChecksumStatus);
        EnvelopeSegments = r.Add("cql.envelope.segment_count", "Segments", FieldType.UInt32, blurb: "v5 segments this envelope was reassembled from");
        EnvelopeLength = r.Add("cql.envelope.reassembled_length", "Reassembled Length", FieldType.UInt32);
    }

    public FieldId Protocol { get; }

    public FieldId BatchFlagsSerialConsistency { get; }
    public FieldId BatchFlagsDefaultTimestamp { get; }
    public FieldId BatchFlagsWithNameForValues { get; }
    public FieldId BatchFlags { get; }
    public FieldId Version { get; }
    public FieldId ProtocolVersion { get; }
    public FieldId Direction { get; }
    public FieldId Flags { get; }
    public FieldId ResultRowsFlags { get; }
    public FieldId ResultRowsFlagsGlobalTables { get; }
    public FieldId ResultRowsFlagsHasMorePages { get; }
    public FieldId ResultRowsFlagsNoMetadata { get; }
    public FieldId FlagsCompression { get; }
    public FieldId FlagsTracing { get; }
    public FieldId FlagsCustomPayload { get; }
    public FieldId FlagsWarning { get; }
    public FieldId FlagsReserved { get; }
    public FieldId QueryFlags { get; }
    public FieldId QueryFlagsPageSize { get; }
    public FieldId QueryFlagsSkipMetadata { get; }
    public FieldId QueryFlagsValues { get; }
    public FieldId QueryFlagsDefaultTimestamp { get; }
    public FieldId QueryFlagsValueNames { get; }
    public FieldId QueryFlagsPagingState { get; }
    public FieldId QueryFlagsSerialConsistency { get; }
    public FieldId QueryFlagsReserved { get; }
    public FieldId Stream { get; }
    public FieldId Opcode { get; }
    public FieldId BatchType { get; }
    public FieldId BatchQueryType { get; }
    public FieldId MessageLength { get; }
    public FieldId StringMapSize { get; }
    public FieldId StringListSize { get; }
    public FieldId String { get; }
    public FieldId ResultRowsKeyspaceName { get; }
    public FieldId ResultRowsTableName { get; }
    public FieldId ResultRowsUdtName { get; }
    public FieldId ResultRowsUdtFieldName { get; }
    public FieldId ResultRowsUdtSize { get; }
    public FieldId ResultRowsListSize { get; }
    public FieldId ResultRowsMapSize { get; }
    public FieldId ResultRowsSetSize { get; }
    public FieldId ResultRowsColumnName { get; }
    public FieldId StringLength { get; }
    public FieldId Consistency { get; }
    public FieldId ValueCount { get; }
    public FieldId BytesLengthInt { get; }
    public FieldId BytesLengthShort { get; }
    public FieldId Bytes { get; }
    public FieldId Bigint { get; }
    public FieldId Scale { get; }
    public FieldId Ascii { get; }
    public FieldId Double { get; }
    public FieldId Float { get; }
    public FieldId Int { get; }
    public FieldId Varint { get; }
    public FieldId Varint64 { get; }
    public FieldId Varchar { get; }
    public FieldId Timeuuid { get; }
    public FieldId Custom { get; }
    public FieldId RawCompressedBytes { get; }
    public FieldId PagingState { get; }
    public FieldId PageSize { get; }
    public FieldId ResponseIn { get; }
    public FieldId ResponseTo { get; }
    public FieldId ResponseTime { get; }
    public FieldId Timestamp { get; }
    public FieldId QueryId { get; }
    public FieldId BatchQuerySize { get; }
    public FieldId ErrorCode { get; }
    public FieldId ResultKind { get; }
    public FieldId ResultRowsColumnCount { get; }
    public FieldId ResultRowsTupleSize { get; }
    public FieldId ResultTimestamp { get; }
    public FieldId DataType { get; }
    public FieldId ResultRowsRowCount { get; }
    public FieldId Uuid { get; }
    public FieldId Port { get; }
    public FieldId Boolean { get; }
    public FieldId Ipv4 { get; }
    public FieldId Ipv6 { get; }

    public FieldId FlagsBeta { get; }
    public FieldId Query { get; }
    public FieldId Keyspace { get; }
    public FieldId Table { get; }
    public FieldId ErrorMessage { get; }
    public FieldId ErrorConsistency { get; }
    public FieldId ErrorRequired { get; }
    public FieldId ErrorAlive { get; }
    public FieldId ErrorReceived { get; }
    public FieldId ErrorBlockFor { get; }
    public FieldId ErrorWriteType { get; }
    public FieldId ErrorContentions { get; }
    public FieldId ErrorDataPresent { get; }
    public FieldId ErrorNumFailures { get; }
    public FieldId ErrorFailureIPv4 { get; }
    public FieldId ErrorFailureIPv6 { get; }
    public FieldId ErrorFailureReason { get; }
    public FieldId ErrorFunction { get; }
    public FieldId ErrorArgType { get; }
    public FieldId ErrorUnpreparedId { get; }
    public FieldId ErrorRateLimitOp { get; }
    public FieldId ErrorRateLimitByCoordinator { get; }
    public FieldId TracingId { get; }
    public FieldId Warning { get; }
    public FieldId BytesMapKey { get; }
    public FieldId BytesMapValue { get; }
    public FieldId OptionName { get; }
    public FieldId OptionValue { get; }
    public FieldId Authenticator { get; }
    public FieldId AuthToken { get; }
    public FieldId QueryFlags32 { get; }
    public FieldId QueryFlagsWithKeyspace { get; }
    public FieldId QueryFlagsNowInSeconds { get; }
    public FieldId NowInSeconds { get; }
    public FieldId PrepareFlags { get; }
    public FieldId ResultMetadataId { get; }
    public FieldId ResultRowsFlagsMetadataChanged { get; }
    public FieldId PreparedFlags { get; }
    public FieldId PreparedColumnCount { get; }
    public FieldId PreparedPkCount { get; }
    public FieldId PreparedPkIndex { get; }
    public FieldId PreparedResultFlags { get; }
    public FieldId PreparedResultColumnCount { get; }
    public FieldId Smallint { get; }
    public FieldId Tinyint { get; }
    public FieldId Counter { get; }
    public FieldId Date { get; }
    public FieldId Time { get; }
    public FieldId Duration { get; }
    public FieldId Decimal { get; }
    public FieldId VarintValue { get; }
    public FieldId VectorSize { get; }
    public FieldId CustomType { get; }
    public FieldId NullValue { get; }
    public FieldId UnsetValue { get; }
    public FieldId EventType { get; }
    public FieldId EventChange { get; }
    public FieldId EventIPv4 { get; }
    public FieldId EventIPv6 { get; }
    public FieldId EventPort { get; }
    public FieldId SchemaChangeType { get; }
    public FieldId SchemaChangeTarget { get; }
    public FieldId SchemaChangeKeyspace { get; }
    public FieldId SchemaChangeObject { get; }
    public FieldId SchemaChangeArgument { get; }
    public FieldId SegmentPayloadLength { get; }
    public FieldId SegmentUncompressedLength { get; }
    public FieldId SegmentSelfContained { get; }
    public FieldId SegmentCompressed { get; }
    public FieldId SegmentHeaderCrc { get; }
    public FieldId SegmentHeaderCrcStatus { get; }
    public FieldId SegmentPayloadCrc { get; }
    public FieldId SegmentPayloadCrcStatus { get; }
    public FieldId EnvelopeSegments { get; }
    public FieldId EnvelopeLength { get; }
}
