using Dissectors.Core.Fields;

namespace Dissectors.Protocols.MySql;

/// <summary>
/// The MySQL fields: tshark 4.0.17's <c>mysql.*</c> fields, transcribed from <c>tshark -G fields</c> (same
/// abbreviation, name, type, base, mask and blurb; value strings from <c>tshark -G values</c>), in tshark's
/// order. Its expert items are in <see cref="MySqlExpert"/>. The <c>mariadb.*</c> fields belong to the mysql
/// protocol, as in tshark (their prefix names no protocol of their own). Additions by dissect are at the end.
/// </summary>
internal sealed class MySqlFields
{
    private static readonly TrueFalseStrings s_setNotSet = new("Set", "Not set");

    public MySqlFields(FieldRegistry r)
    {
        Protocol = r.AddProtocol("mysql", "MySQL Protocol", "MySQL");

        // ---- tshark 4.0.17 ----
        PacketLength = r.Add("mysql.packet_length", "Packet Length", FieldType.UInt24, FieldBase.Dec);
        PacketNumber = r.Add("mysql.packet_number", "Packet Number", FieldType.UInt8, FieldBase.Dec, blurb: "Packet Number (now called: Sequence ID)");
        Request = r.Add("mysql.request", "Request Command", FieldType.None, FieldBase.None);
        Command = r.Add("mysql.command", "Command", FieldType.UInt8, FieldBase.Dec, MySqlValues.Command);
        ResponseCode = r.Add("mysql.response_code", "Response Code", FieldType.UInt8, FieldBase.Hex, MySqlValues.ResponseCode);
        ErrorCode = r.Add("mysql.error_code", "Error Code", FieldType.UInt16, FieldBase.Dec);
        ErrorMessage = r.Add("mysql.error.message", "Error message", FieldType.String, FieldBase.None, blurb: "Error string in case of MySQL error message");
        Sqlstate = r.Add("mysql.sqlstate", "SQL state", FieldType.String, FieldBase.None);
        Message = r.Add("mysql.message", "Message", FieldType.StringZ, FieldBase.None);
        ServerGreeting = r.Add("mysql.server_greeting", "Server Greeting", FieldType.None, FieldBase.None);
        ProtocolVersion = r.Add("mysql.protocol", "Protocol", FieldType.UInt8, FieldBase.Dec, blurb: "Protocol Version");
        Version = r.Add("mysql.version", "Version", FieldType.StringZ, FieldBase.None, blurb: "MySQL Version");
        SessionTrack = r.Add("mysql.session_track", "Session Track", FieldType.None, FieldBase.None);
        SessionTrackType = r.Add("mysql.session_track.type", "Session tracking type", FieldType.UInt8, FieldBase.Dec, MySqlValues.SessionTrackType);
        SessionTrackLength = r.Add("mysql.session_track.length", "Session tracking length", FieldType.UInt64, FieldBase.Dec);
        SessionTrackData = r.Add("mysql.session_track.data", "Session tracking data", FieldType.None, FieldBase.None);
        SessionTrackDataLength = r.Add("mysql.session_track.data.length", "Session tracking data length", FieldType.UInt64, FieldBase.Dec);
        SessionTrackSysvarLength = r.Add("mysql.session_track.sysvar.length", "System variable change Length", FieldType.UInt64, FieldBase.Dec);
        SessionTrackSysvarName = r.Add("mysql.session_track.sysvar.name", "System variable change Name", FieldType.StringZ, FieldBase.None);
        SessionTrackSysvarValue = r.Add("mysql.session_track.sysvar.value", "System variable change Value", FieldType.StringZ, FieldBase.None);
        SessionTrackSchemaLength = r.Add("mysql.session_track.schema.length", "Schema change length", FieldType.UInt64, FieldBase.Dec);
        SessionTrackSchema = r.Add("mysql.session_track.schema", "Schema change", FieldType.StringZ, FieldBase.None);
        SessionTrackStateChange = r.Add("mysql.session_track.state_change", "State change", FieldType.StringZ, FieldBase.None);
        SessionTrackGtidsEncoding = r.Add("mysql.session_track.gtids.encoding", "GTIDs encoding", FieldType.UInt8, FieldBase.Dec);
        SessionTrackGtidsLength = r.Add("mysql.session_track.gtids.length", "GTIDs length", FieldType.UInt64, FieldBase.Dec);
        SessionTrackGtids = r.Add("mysql.session_track.gtids", "GTIDs", FieldType.StringZ, FieldBase.None);
        SessionTrackTransactionCharacteristicsLength = r.Add("mysql.session_track.transaction_characteristics.length", "Transaction characteristics length", FieldType.UInt64, FieldBase.Dec);
        SessionTrackTransactionCharacteristics = r.Add("mysql.session_track.transaction_characteristics", "Transaction characteristics", FieldType.StringZ, FieldBase.None);
        SessionTrackTransactionStateLength = r.Add("mysql.session_track.transaction_state.length", "Transaction state length", FieldType.UInt64, FieldBase.Dec);
        SessionTrackTransactionState = r.Add("mysql.session_track.transaction_state", "Transaction state", FieldType.StringZ, FieldBase.None);
        CapsServer = r.Add("mysql.caps.server", "Server Capabilities", FieldType.UInt16, FieldBase.Hex, blurb: "MySQL Capabilities");
        CapsClient = r.Add("mysql.caps.client", "Client Capabilities", FieldType.UInt16, FieldBase.Hex, blurb: "MySQL Capabilities");
        CapsLp = r.AddBoolean("mysql.caps.lp", "Long Password", 16, bitmask: 0x1, tfs: s_setNotSet);
        CapsFr = r.AddBoolean("mysql.caps.fr", "Found Rows", 16, bitmask: 0x2, tfs: s_setNotSet);
        CapsLf = r.AddBoolean("mysql.caps.lf", "Long Column Flags", 16, bitmask: 0x4, tfs: s_setNotSet);
        CapsCd = r.AddBoolean("mysql.caps.cd", "Connect With Database", 16, bitmask: 0x8, tfs: s_setNotSet);
        CapsNs = r.AddBoolean("mysql.caps.ns", "Don't Allow database.table.column", 16, bitmask: 0x10, tfs: s_setNotSet);
        CapsCp = r.AddBoolean("mysql.caps.cp", "Can use compression protocol", 16, bitmask: 0x20, tfs: s_setNotSet);
        CapsOb = r.AddBoolean("mysql.caps.ob", "ODBC Client", 16, bitmask: 0x40, tfs: s_setNotSet);
        CapsLi = r.AddBoolean("mysql.caps.li", "Can Use LOAD DATA LOCAL", 16, bitmask: 0x80, tfs: s_setNotSet);
        CapsIs = r.AddBoolean("mysql.caps.is", "Ignore Spaces before '('", 16, bitmask: 0x100, tfs: s_setNotSet);
        CapsCu = r.AddBoolean("mysql.caps.cu", "Speaks 4.1 protocol (new flag)", 16, bitmask: 0x200, tfs: s_setNotSet);
        CapsIa = r.AddBoolean("mysql.caps.ia", "Interactive Client", 16, bitmask: 0x400, tfs: s_setNotSet);
        CapsSl = r.AddBoolean("mysql.caps.sl", "Switch to SSL after handshake", 16, bitmask: 0x800, tfs: s_setNotSet);
        CapsIi = r.AddBoolean("mysql.caps.ii", "Ignore sigpipes", 16, bitmask: 0x1000, tfs: s_setNotSet);
        CapsTa = r.AddBoolean("mysql.caps.ta", "Knows about transactions", 16, bitmask: 0x2000, tfs: s_setNotSet);
        CapsRs = r.AddBoolean("mysql.caps.rs", "Speaks 4.1 protocol (old flag)", 16, bitmask: 0x4000, tfs: s_setNotSet);
        CapsSc = r.AddBoolean("mysql.caps.sc", "Can do 4.1 authentication", 16, bitmask: 0x8000, tfs: s_setNotSet);
        ExtcapsServer = r.Add("mysql.extcaps.server", "Extended Server Capabilities", FieldType.UInt16, FieldBase.Hex, blurb: "MySQL Extended Capabilities");
        ExtcapsClient = r.Add("mysql.extcaps.client", "Extended Client Capabilities", FieldType.UInt16, FieldBase.Hex, blurb: "MySQL Extended Capabilities");
        CapsMs = r.AddBoolean("mysql.caps.ms", "Multiple statements", 16, bitmask: 0x1, tfs: s_setNotSet);
        CapsMr = r.AddBoolean("mysql.caps.mr", "Multiple results", 16, bitmask: 0x2, tfs: s_setNotSet);
        CapsPm = r.AddBoolean("mysql.caps.pm", "PS Multiple results", 16, bitmask: 0x4, tfs: s_setNotSet);
        CapsPa = r.AddBoolean("mysql.caps.pa", "Plugin Auth", 16, bitmask: 0x8, tfs: s_setNotSet);
        CapsCa = r.AddBoolean("mysql.caps.ca", "Connect attrs", 16, bitmask: 0x10, tfs: s_setNotSet);
        CapsEp = r.AddBoolean("mysql.caps.ep", "Client can handle expired passwords", 16, bitmask: 0x40, tfs: s_setNotSet);
        CapsSessionTrack = r.AddBoolean("mysql.caps.session_track", "Session variable tracking", 16, bitmask: 0x80, tfs: s_setNotSet);
        CapsDeprecateEof = r.AddBoolean("mysql.caps.deprecate_eof", "Deprecate EOF", 16, bitmask: 0x100, tfs: s_setNotSet);
        CapsOptionalMetadata = r.AddBoolean("mysql.caps.optional_metadata", "Client can hanle optional resultset metadata", 16, bitmask: 0x200, tfs: s_setNotSet);
        CapsCompressZsd = r.AddBoolean("mysql.caps.compress_zsd", "ZSTD Compression Algorithm", 16, bitmask: 0x400, tfs: s_setNotSet);
        CapsQueryAttrs = r.AddBoolean("mysql.caps.query_attrs", "Query Attributes", 16, bitmask: 0x800, tfs: s_setNotSet);
        CapsMfAuth = r.AddBoolean("mysql.caps.mf_auth", "Multifactor Authentication", 16, bitmask: 0x1000, tfs: s_setNotSet);
        CapsCapExt = r.AddBoolean("mysql.caps.cap_ext", "Capability Extension", 16, bitmask: 0x2000, tfs: s_setNotSet);
        CapsUnused = r.Add("mysql.caps.unused", "Unused", FieldType.UInt16, FieldBase.Hex, bitmask: 0xc000);
        LoginRequest = r.Add("mysql.login_request", "Login Request", FieldType.None, FieldBase.None);
        MaxPacket = r.Add("mysql.max_packet", "MAX Packet", FieldType.UInt32, FieldBase.Dec, blurb: "MySQL Max packet");
        Charset = r.Add("mysql.charset", "Charset", FieldType.UInt8, FieldBase.Dec, MySqlValues.Charset, blurb: "MySQL Charset");
        MariadbCharset = r.Add("mariadb.charset", "Charset", FieldType.UInt8, FieldBase.Dec, MySqlValues.MariadbCharset, blurb: "MySQL Charset", protocol: Protocol);
        TableName = r.Add("mysql.table_name", "Table Name", FieldType.StringZ, FieldBase.None);
        User = r.Add("mysql.user", "Username", FieldType.StringZ, FieldBase.None, blurb: "Login Username");
        Schema = r.Add("mysql.schema", "Schema", FieldType.String, FieldBase.None, blurb: "Login Schema");
        ClientAuthPlugin = r.Add("mysql.client_auth_plugin", "Client Auth Plugin", FieldType.String, FieldBase.None);
        Connattrs = r.Add("mysql.connattrs", "Connection Attributes", FieldType.None, FieldBase.None);
        ConnattrsLength = r.Add("mysql.connattrs.length", "Connection Attributes length", FieldType.UInt64, FieldBase.Dec);
        ConnattrsAttr = r.Add("mysql.connattrs.attr", "Connection Attribute", FieldType.None, FieldBase.None);
        ConnattrsNameLength = r.Add("mysql.connattrs.name.length", "Connection Attribute Name Length", FieldType.UInt64, FieldBase.Dec);
        ConnattrsName = r.Add("mysql.connattrs.name", "Connection Attribute Name", FieldType.StringZ, FieldBase.None);
        ConnattrsValueLength = r.Add("mysql.connattrs.value.length", "Connection Attribute Value Length", FieldType.UInt64, FieldBase.Dec);
        ConnattrsValue = r.Add("mysql.connattrs.value", "Connection Attribute Value", FieldType.StringZ, FieldBase.None);
        CompressionZstdLevel = r.Add("mysql.compression.zstd_level", "ZSTD Compression Level", FieldType.UInt8, FieldBase.Dec);
        ExtmetaData = r.Add("mysql.extmeta_data", "Extended metadata data", FieldType.None, FieldBase.None);
        Extmeta = r.Add("mysql.extmeta", "Extended metadata", FieldType.None, FieldBase.None);
        ExtmetaLength = r.Add("mysql.extmeta.length", "Extended metadata length", FieldType.UInt64, FieldBase.Dec);
        ExtmetaKey = r.Add("mysql.extmeta.key", "Extended metadata key", FieldType.UInt64, FieldBase.Dec);
        ExtmetaType = r.Add("mysql.extmeta.type", "Extended metadata type", FieldType.StringZ, FieldBase.None);
        ExtmetaFormat = r.Add("mysql.extmeta.format", "Extended metadata format", FieldType.StringZ, FieldBase.None);
        Salt = r.Add("mysql.salt", "Salt", FieldType.StringZ, FieldBase.None);
        Salt2 = r.Add("mysql.salt2", "Salt", FieldType.StringZ, FieldBase.None);
        AuthPluginLength = r.Add("mysql.auth_plugin.length", "Authentication Plugin Length", FieldType.UInt8, FieldBase.Dec);
        AuthPlugin = r.Add("mysql.auth_plugin", "Authentication Plugin", FieldType.StringZ, FieldBase.None);
        ThreadId = r.Add("mysql.thread_id", "Thread ID", FieldType.UInt32, FieldBase.Dec, blurb: "MySQL Thread ID");
        ServerLanguage = r.Add("mysql.server_language", "Server Language", FieldType.UInt8, FieldBase.Dec, MySqlValues.ServerLanguage, blurb: "MySQL Charset");
        MariadbServerLanguage = r.Add("mariadb.server_language", "Server Language", FieldType.UInt8, FieldBase.Dec, MySqlValues.MariadbServerLanguage, blurb: "MySQL Charset", protocol: Protocol);
        ServerStatus = r.Add("mysql.server_status", "Server Status", FieldType.UInt16, FieldBase.Hex, blurb: "MySQL Status");
        StatIt = r.AddBoolean("mysql.stat.it", "In transaction", 16, bitmask: 0x1, tfs: s_setNotSet);
        StatAc = r.AddBoolean("mysql.stat.ac", "AUTO_COMMIT", 16, bitmask: 0x2, tfs: s_setNotSet);
        StatMr = r.AddBoolean("mysql.stat.mr", "More results", 16, bitmask: 0x8, tfs: s_setNotSet);
        StatMu = r.AddBoolean("mysql.stat.mu", "Multi query / Unused", 16, bitmask: 0x4, tfs: s_setNotSet, blurb: "Multi query / Unused with MySQL >= 5.6");
        StatBi = r.AddBoolean("mysql.stat.bi", "Bad index used", 16, bitmask: 0x10, tfs: s_setNotSet);
        StatNi = r.AddBoolean("mysql.stat.ni", "No index used", 16, bitmask: 0x20, tfs: s_setNotSet);
        StatCr = r.AddBoolean("mysql.stat.cr", "Cursor exists", 16, bitmask: 0x40, tfs: s_setNotSet);
        StatLr = r.AddBoolean("mysql.stat.lr", "Last row sent", 16, bitmask: 0x80, tfs: s_setNotSet);
        StatDr = r.AddBoolean("mysql.stat.dr", "Database dropped", 16, bitmask: 0x100, tfs: s_setNotSet);
        StatBs = r.AddBoolean("mysql.stat.bs", "No backslash escapes", 16, bitmask: 0x200, tfs: s_setNotSet);
        StatMc = r.AddBoolean("mysql.stat.mc", "Metadata changed", 16, bitmask: 0x400, tfs: s_setNotSet);
        StatSessionStateChanged = r.AddBoolean("mysql.stat.session_state_changed", "Session state changed", 16, bitmask: 0x4000, tfs: s_setNotSet);
        StatQueryWasSlow = r.AddBoolean("mysql.stat.query_was_slow", "Query was slow", 16, bitmask: 0x800, tfs: s_setNotSet);
        StatPsOutParams = r.AddBoolean("mysql.stat.ps_out_params", "PS Out Params", 16, bitmask: 0x1000, tfs: s_setNotSet);
        StatTransReadonly = r.AddBoolean("mysql.stat.trans_readonly", "In Trans Readonly", 16, bitmask: 0x2000, tfs: s_setNotSet);
        Refresh = r.Add("mysql.refresh", "Refresh Option", FieldType.UInt8, FieldBase.Hex);
        RfshGrants = r.AddBoolean("mysql.rfsh.grants", "reload permissions", 8, bitmask: 0x1, tfs: s_setNotSet);
        RfshLog = r.AddBoolean("mysql.rfsh.log", "flush logfiles", 8, bitmask: 0x2, tfs: s_setNotSet);
        RfshTables = r.AddBoolean("mysql.rfsh.tables", "flush tables", 8, bitmask: 0x4, tfs: s_setNotSet);
        RfshHosts = r.AddBoolean("mysql.rfsh.hosts", "flush hosts", 8, bitmask: 0x8, tfs: s_setNotSet);
        RfshStatus = r.AddBoolean("mysql.rfsh.status", "reset statistics", 8, bitmask: 0x10, tfs: s_setNotSet);
        RfshThreads = r.AddBoolean("mysql.rfsh.threads", "empty thread cache", 8, bitmask: 0x20, tfs: s_setNotSet);
        RfshSlave = r.AddBoolean("mysql.rfsh.slave", "flush slave status", 8, bitmask: 0x40, tfs: s_setNotSet);
        RfshMaster = r.AddBoolean("mysql.rfsh.master", "flush master status", 8, bitmask: 0x80, tfs: s_setNotSet);
        Unused = r.Add("mysql.unused", "Unused", FieldType.Bytes, FieldBase.None);
        Passwd = r.Add("mysql.passwd", "Password", FieldType.Bytes, FieldBase.None);
        Payload = r.Add("mysql.payload", "Payload", FieldType.Bytes, FieldBase.None, blurb: "Additional Payload");
        AffectedRows = r.Add("mysql.affected_rows", "Affected Rows", FieldType.UInt64, FieldBase.Dec);
        InsertId = r.Add("mysql.insert_id", "Last INSERT ID", FieldType.UInt64, FieldBase.Dec);
        Warnings = r.Add("mysql.warnings", "Warnings", FieldType.UInt16, FieldBase.Dec);
        StmtId = r.Add("mysql.stmt_id", "Statement ID", FieldType.UInt32, FieldBase.Dec);
        QueryAttrs = r.Add("mysql.query_attrs", "Query Attributes", FieldType.None, FieldBase.None);
        QueryAttrsCount = r.Add("mysql.query_attrs_count", "Count", FieldType.UInt8, FieldBase.Dec);
        QueryAttrsSendTypesToServer = r.AddBoolean("mysql.query_attrs_send_types_to_server", "Send types to server", 0, bitmask: 0x0);
        QueryAttrNameType = r.Add("mysql.query_attr_name_type", "Attribute Name Type", FieldType.UInt16, FieldBase.Hex);
        QueryAttrName = r.Add("mysql.query_attr_name", "Attribute Name", FieldType.String, FieldBase.None);
        QueryAttrValue = r.Add("mysql.query_attr_value", "Attribute Value", FieldType.String, FieldBase.None);
        Query = r.Add("mysql.query", "Statement", FieldType.String, FieldBase.None);
        Shutdown = r.Add("mysql.shutdown", "Shutdown Level", FieldType.UInt8, FieldBase.Dec, MySqlValues.Shutdown);
        Option = r.Add("mysql.option", "Option", FieldType.UInt16, FieldBase.Dec, MySqlValues.Option);
        Param = r.Add("mysql.param", "Parameter", FieldType.UInt16, FieldBase.Dec);
        NumParams = r.Add("mysql.num_params", "Number of parameter", FieldType.UInt16, FieldBase.Dec);
        NumRows = r.Add("mysql.num_rows", "Rows to fetch", FieldType.UInt32, FieldBase.Dec);
        ExecFlags = r.Add("mysql.exec_flags", "Flags (unused)", FieldType.UInt8, FieldBase.Dec, MySqlValues.ExecFlags);
        NewParameterBoundFlag = r.Add("mysql.new_parameter_bound_flag", "New parameter bound flag", FieldType.UInt8, FieldBase.Dec, MySqlValues.NewParameterBoundFlag);
        ExecIter = r.Add("mysql.exec_iter", "Iterations (unused)", FieldType.UInt32, FieldBase.Dec);
        BinlogPosition = r.Add("mysql.binlog.position", "Binlog Position", FieldType.UInt32, FieldBase.Dec, blurb: "Position to start at");
        BinlogFlags = r.Add("mysql.binlog.flags", "Binlog Flags", FieldType.UInt16, FieldBase.Hex, blurb: "(currently not used; always 0)");
        BinlogServerId = r.Add("mysql.binlog.server_id", "Binlog server id", FieldType.UInt32, FieldBase.Hex, blurb: "server_id of the slave");
        BinlogSlaveHostnameLength = r.Add("mysql.binlog.slave_hostname_length", "Slave hostname length", FieldType.UInt8, FieldBase.Dec, blurb: "slave_hostname field length");
        BinlogSlaveHostname = r.Add("mysql.binlog.slave_hostname", "Slave hostname", FieldType.String, FieldBase.None, blurb: "slave_hostname");
        BinlogSlaveUserLength = r.Add("mysql.binlog.slave_user_length", "Slave user length", FieldType.UInt8, FieldBase.Dec, blurb: "slave_hostname field length");
        BinlogSlaveUser = r.Add("mysql.binlog.slave_user", "Slave user", FieldType.String, FieldBase.None, blurb: "slave_user");
        BinlogSlavePasswordLength = r.Add("mysql.binlog.slave_password_length", "Slave password length", FieldType.UInt8, FieldBase.Dec, blurb: "slave_password field length");
        BinlogSlavePassword = r.Add("mysql.binlog.slave_password", "Slave password", FieldType.String, FieldBase.None, blurb: "slave_password");
        BinlogSlaveMysqlPort = r.Add("mysql.binlog.slave_mysql_port", "Slave MySQL port", FieldType.UInt16, FieldBase.Dec, blurb: "slave's mysql port");
        BinlogReplicationRank = r.Add("mysql.binlog.replication_rank", "Replication rank", FieldType.UInt32, FieldBase.Dec, blurb: "ignored");
        BinlogMasterId = r.Add("mysql.binlog.master_id", "Master id", FieldType.UInt32, FieldBase.Hex, blurb: "master_id of the slave");
        BinlogFileName = r.Add("mysql.binlog.file_name", "Binlog file name", FieldType.StringZ, FieldBase.None);
        BinlogEventHeaderTimestamp = r.Add("mysql.binlog.event_header.timestamp", "Timestamp", FieldType.AbsoluteTime, FieldBase.None);
        BinlogEventHeaderEventType = r.Add("mysql.binlog.event_header.event_type", "Binlog Event Type", FieldType.UInt8, FieldBase.Dec, MySqlValues.BinlogEventHeaderEventType, blurb: "event type");
        BinlogEventHeaderServerId = r.Add("mysql.binlog.event_header.server_id", "Server ID", FieldType.UInt32, FieldBase.Dec, blurb: "server-id of the originating mysql-server");
        BinlogEventHeaderEventSize = r.Add("mysql.binlog.event_header.event_size", "Event Size", FieldType.UInt32, FieldBase.Dec, blurb: "size of the event (header, post-header, body)");
        BinlogEventHeaderLogPosition = r.Add("mysql.binlog.event_header.log_position", "Binlog Position", FieldType.UInt32, FieldBase.Dec, blurb: "position of the next event");
        BinlogEventHeaderFlags = r.Add("mysql.binlog.event_header.flags", "Binlog Event Flags", FieldType.UInt16, FieldBase.Hex, blurb: "flag");
        BinlogEventChecksum = r.Add("mysql.binlog.event_checksum", "Checksum", FieldType.UInt32, FieldBase.Hex, blurb: "binlog event checksum");
        BinlogEventHeartbeatV2 = r.Add("mysql.binlog.event_heartbeat_v2", "Binlog Event: HEARTBEAT_LOG_EVENT_V2", FieldType.None, FieldBase.None);
        BinlogEventHeartbeatV2Otw = r.Add("mysql.binlog.event_heartbeat_v2_otw", "Entry", FieldType.None, FieldBase.None);
        BinlogEventHeartbeatV2OtwType = r.Add("mysql.binlog.event_heartbeat_v2_otw_type", "Type", FieldType.UInt8, FieldBase.Dec);
        BinlogHbEventFilename = r.Add("mysql.binlog.hb_event.filename", "Binlog Filename", FieldType.String, FieldBase.None, blurb: "filename");
        BinlogHbEventLogPosition = r.Add("mysql.binlog.hb_event.log_position", "Binlog Position", FieldType.UInt64, FieldBase.Dec, blurb: "position of the next event");
        Eof = r.Add("mysql.eof", "EOF marker", FieldType.UInt8, FieldBase.Dec);
        NumFields = r.Add("mysql.num_fields", "Number of fields", FieldType.UInt64, FieldBase.Dec);
        MetadataFollows = r.Add("mysql.metadata_follows", "send metadata", FieldType.UInt8, FieldBase.Dec);
        Extra = r.Add("mysql.extra", "Extra data", FieldType.UInt64, FieldBase.Dec);
        FieldCatalog = r.Add("mysql.field.catalog", "Catalog", FieldType.String, FieldBase.None, blurb: "Field: catalog");
        FieldDb = r.Add("mysql.field.db", "Database", FieldType.String, FieldBase.None, blurb: "Field: database");
        FieldTable = r.Add("mysql.field.table", "Table", FieldType.String, FieldBase.None, blurb: "Field: table");
        FieldOrgTable = r.Add("mysql.field.org_table", "Original table", FieldType.String, FieldBase.None, blurb: "Field: original table");
        FieldName = r.Add("mysql.field.name", "Name", FieldType.String, FieldBase.None, blurb: "Field: name");
        FieldOrgName = r.Add("mysql.field.org_name", "Original name", FieldType.String, FieldBase.None, blurb: "Field: original name");
        FieldCharsetnr = r.Add("mysql.field.charsetnr", "Charset number", FieldType.UInt16, FieldBase.Dec, MySqlValues.FieldCharsetnr, blurb: "Field: charset number");
        FieldLength = r.Add("mysql.field.length", "Length", FieldType.UInt32, FieldBase.Dec, blurb: "Field: length");
        FieldTypeCode = r.Add("mysql.field.type", "Type", FieldType.UInt8, FieldBase.Dec, MySqlValues.FieldType, blurb: "Field: type");
        FieldFlags = r.Add("mysql.field.flags", "Flags", FieldType.UInt16, FieldBase.Hex, blurb: "Field: flags");
        FieldFlagsNotNull = r.AddBoolean("mysql.field.flags.not_null", "Not null", 16, bitmask: 0x1, tfs: s_setNotSet, blurb: "Field: flag not null");
        FieldFlagsPrimaryKey = r.AddBoolean("mysql.field.flags.primary_key", "Primary key", 16, bitmask: 0x2, tfs: s_setNotSet, blurb: "Field: flag primary key");
        FieldFlagsUniqueKey = r.AddBoolean("mysql.field.flags.unique_key", "Unique key", 16, bitmask: 0x4, tfs: s_setNotSet, blurb: "Field: flag unique key");
        FieldFlagsMultipleKey = r.AddBoolean("mysql.field.flags.multiple_key", "Multiple key", 16, bitmask: 0x8, tfs: s_setNotSet, blurb: "Field: flag multiple key");
        FieldFlagsBlob = r.AddBoolean("mysql.field.flags.blob", "Blob", 16, bitmask: 0x10, tfs: s_setNotSet, blurb: "Field: flag blob");
        FieldFlagsUnsigned = r.AddBoolean("mysql.field.flags.unsigned", "Unsigned", 16, bitmask: 0x20, tfs: s_setNotSet, blurb: "Field: flag unsigned");
        FieldFlagsZeroFill = r.AddBoolean("mysql.field.flags.zero_fill", "Zero fill", 16, bitmask: 0x40, tfs: s_setNotSet, blurb: "Field: flag zero fill");
        RowNullbuffer = r.Add("mysql.row.nullbuffer", "Row null buffer", FieldType.Bytes, FieldBase.None);
        FieldFlagsEnum = r.AddBoolean("mysql.field.flags.enum", "Enum", 16, bitmask: 0x100, tfs: s_setNotSet, blurb: "Field: flag enum");
        FieldFlagsAutoIncrement = r.AddBoolean("mysql.field.flags.auto_increment", "Auto increment", 16, bitmask: 0x200, tfs: s_setNotSet, blurb: "Field: flag auto increment");
        FieldFlagsTimestamp = r.AddBoolean("mysql.field.flags.timestamp", "Timestamp", 16, bitmask: 0x400, tfs: s_setNotSet, blurb: "Field: flag timestamp");
        FieldFlagsSet = r.AddBoolean("mysql.field.flags.set", "Set", 16, bitmask: 0x800, tfs: s_setNotSet, blurb: "Field: flag set");
        FieldDecimals = r.Add("mysql.field.decimals", "Decimals", FieldType.UInt8, FieldBase.Dec, blurb: "Field: decimals");
        FieldDefault = r.Add("mysql.field.default", "Default", FieldType.String, FieldBase.None, blurb: "Field: default");
        RowText = r.Add("mysql.row.text", "text", FieldType.String, FieldBase.None, blurb: "Field: row packet text");
        ExecParam = r.Add("mysql.exec_param", "Parameter", FieldType.None, FieldBase.None);
        ExecUnsigned = r.Add("mysql.exec.unsigned", "Unsigned", FieldType.UInt8, FieldBase.Dec);
        ExecFieldLonglong = r.Add("mysql.exec.field.longlong", "Value (INT64)", FieldType.Int64, FieldBase.Dec);
        ExecFieldUnsignedLonglong = r.Add("mysql.exec.field.unsigned_longlong", "Value (UINT64)", FieldType.UInt64, FieldBase.Dec);
        ExecFieldString = r.Add("mysql.exec.field.string", "Value (String)", FieldType.UIntString, FieldBase.None);
        ExecFieldDouble = r.Add("mysql.exec.field.double", "Value (Double)", FieldType.Double, FieldBase.None);
        ExecFieldDatetimeLength = r.Add("mysql.exec.field.datetime.length", "Length", FieldType.Int8, FieldBase.Dec);
        ExecFieldYear = r.Add("mysql.exec.field.year", "Year", FieldType.Int16, FieldBase.Dec);
        ExecFieldMonth = r.Add("mysql.exec.field.month", "Month", FieldType.Int8, FieldBase.Dec);
        ExecFieldDay = r.Add("mysql.exec.field.day", "Day", FieldType.Int8, FieldBase.Dec);
        ExecFieldHour = r.Add("mysql.exec.field.hour", "Hour", FieldType.Int8, FieldBase.Dec);
        ExecFieldMinute = r.Add("mysql.exec.field.minute", "Minute", FieldType.Int8, FieldBase.Dec);
        ExecFieldSecond = r.Add("mysql.exec.field.second", "Second", FieldType.Int8, FieldBase.Dec);
        ExecFieldSecondb = r.Add("mysql.exec.field.secondb", "Billionth of a second", FieldType.Int32, FieldBase.Dec);
        ExecFieldLong = r.Add("mysql.exec.field.long", "Value (INT32)", FieldType.Int32, FieldBase.Dec);
        ExecFieldUnsignedLong = r.Add("mysql.exec.field.unsigned_long", "Value (UINT32)", FieldType.UInt32, FieldBase.Dec);
        ExecFieldTiny = r.Add("mysql.exec.field.tiny", "Value (INT8)", FieldType.Int8, FieldBase.Dec);
        ExecFieldUnsignedTiny = r.Add("mysql.exec.field.unsigned_tiny", "Value (UINT8)", FieldType.UInt8, FieldBase.Dec);
        ExecFieldShort = r.Add("mysql.exec.field.short", "Value (INT16)", FieldType.Int16, FieldBase.Dec);
        ExecFieldUnsignedShort = r.Add("mysql.exec.field.unsigned_short", "Value (UINT16)", FieldType.UInt16, FieldBase.Dec);
        ExecFieldFloat = r.Add("mysql.exec.field.float", "Value (Float)", FieldType.Float, FieldBase.None);
        ExecFieldNull = r.Add("mysql.exec.field.null", "Value: -NULL-", FieldType.None, FieldBase.None);
        ExecFieldTimeLength = r.Add("mysql.exec.field.time.length", "Length", FieldType.Int8, FieldBase.Dec);
        ExecFieldTimeSign = r.Add("mysql.exec.field.time.sign", "Flags", FieldType.UInt8, FieldBase.Dec, MySqlValues.ExecFieldTimeSign);
        ExecFieldTimeDays = r.Add("mysql.exec.field.time.days", "Days", FieldType.Int32, FieldBase.Dec);
        AuthSwitchRequestStatus = r.Add("mysql.auth_switch_request.status", "Status", FieldType.UInt8, FieldBase.Hex);
        AuthSwitchRequestName = r.Add("mysql.auth_switch_request.name", "Auth Method Name", FieldType.String, FieldBase.None);
        AuthSwitchRequestData = r.Add("mysql.auth_switch_request.data", "Auth Method Data", FieldType.Bytes, FieldBase.None);
        AuthSwitchResponseData = r.Add("mysql.auth_switch_response.data", "Auth Method Data", FieldType.Bytes, FieldBase.None);
        CompressedPacketLength = r.Add("mysql.compressed_packet_length", "Compressed Packet Length", FieldType.UInt24, FieldBase.Dec);
        CompressedPacketNumber = r.Add("mysql.compressed_packet_number", "Compressed Packet Number", FieldType.UInt24, FieldBase.Dec);
        CompressedPacketLengthUncompressed = r.Add("mysql.compressed_packet_length_uncompressed", "Uncompressed Packet Length", FieldType.UInt24, FieldBase.Dec);
        MariadbCapsPr = r.AddBoolean("mariadb.caps.pr", "Progress indication", 32, bitmask: 0x1, tfs: s_setNotSet, protocol: Protocol);
        MariadbCapsCm = r.AddBoolean("mariadb.caps.cm", "Multi commands", 32, bitmask: 0x2, tfs: s_setNotSet, protocol: Protocol);
        MariadbCapsBo = r.AddBoolean("mariadb.caps.bo", "Bulk Operations", 32, bitmask: 0x4, tfs: s_setNotSet, protocol: Protocol);
        MariadbCapsEm = r.AddBoolean("mariadb.caps.em", "Extended metadata", 32, bitmask: 0x8, tfs: s_setNotSet, protocol: Protocol);
        MariadbCapsMe = r.AddBoolean("mariadb.caps.me", "Cache metadata", 32, bitmask: 0x10, tfs: s_setNotSet, protocol: Protocol);
        MariadbExtcapsServer = r.Add("mariadb.extcaps.server", "MariaDB Extended Server Capabilities", FieldType.UInt32, FieldBase.Hex, protocol: Protocol);
        MariadbExtcapsClient = r.Add("mariadb.extcaps.client", "MariaDB Extended Client Capabilities", FieldType.UInt32, FieldBase.Hex, protocol: Protocol);
        MariadbBulkFlagAutoid = r.AddBoolean("mariadb.bulk.flag.autoid", "Return Generated Autoincrement IDs", 16, bitmask: 0x40, tfs: s_setNotSet, protocol: Protocol);
        MariadbBulkFlagSendtypes = r.AddBoolean("mariadb.bulk.flag.sendtypes", "Send Parameter Types", 16, bitmask: 0x80, tfs: s_setNotSet, protocol: Protocol);
        MariadbBulkFlags = r.Add("mariadb.bulk.flags", "MariaDB Bulk Capabilities", FieldType.UInt16, FieldBase.Hex, protocol: Protocol);
        MariadbBulkParamtypes = r.Add("mariadb.bulk.paramtypesg", "Bulk Parameter Types", FieldType.None, FieldBase.None, protocol: Protocol);
        MariadbBulkIndicators = r.Add("mariadb.bulk.indicators", "Indicator", FieldType.UInt8, FieldBase.Hex, MySqlValues.MariadbBulkIndicators, protocol: Protocol);
        MariadbBulkRowNr = r.Add("mariadb.bulk.row_nr", "Row nr", FieldType.UInt32, FieldBase.Dec, protocol: Protocol);
        MariadbPrefix = r.Add("mariadb.prefix", "Prefix", FieldType.UInt8, FieldBase.Dec, protocol: Protocol);
        MariadbLength = r.Add("mariadb.length", "Length", FieldType.UInt64, FieldBase.Dec, protocol: Protocol);
        BinlogSlaveLengths = [BinlogSlaveHostnameLength, BinlogSlaveUserLength, BinlogSlavePasswordLength];
        BinlogSlaveStrings = [BinlogSlaveHostname, BinlogSlaveUser, BinlogSlavePassword];
        MariadbCapsBits = [MariadbCapsPr, MariadbCapsCm, MariadbCapsBo, MariadbCapsEm, MariadbCapsMe];
        MariadbBulkFlagBits = [MariadbBulkFlagAutoid, MariadbBulkFlagSendtypes];

        CapsLowerBits = [CapsLp, CapsFr, CapsLf, CapsCd, CapsNs, CapsCp, CapsOb, CapsLi, CapsIs, CapsCu, CapsIa, CapsSl, CapsIi, CapsTa, CapsRs, CapsSc];
        CapsUpperBits = [CapsMs, CapsMr, CapsPm, CapsPa, CapsCa, CapsEp, CapsSessionTrack, CapsDeprecateEof, CapsOptionalMetadata, CapsCompressZsd, CapsQueryAttrs, CapsMfAuth, CapsCapExt, CapsUnused];
        // tshark lists the status flags in bit order (0x4 "Multi query" before 0x8 "More results", 0x4000 last).
        StatusBits = [StatIt, StatAc, StatMu, StatMr, StatBi, StatNi, StatCr, StatLr, StatDr, StatBs, StatMc, StatQueryWasSlow, StatPsOutParams, StatTransReadonly, StatSessionStateChanged];
        ColumnDefStrings = [FieldCatalog, FieldDb, FieldTable, FieldOrgTable, FieldName, FieldOrgName];
        FieldFlagBits = [FieldFlagsNotNull, FieldFlagsPrimaryKey, FieldFlagsUniqueKey, FieldFlagsMultipleKey, FieldFlagsBlob, FieldFlagsUnsigned, FieldFlagsZeroFill, FieldFlagsEnum, FieldFlagsAutoIncrement, FieldFlagsTimestamp, FieldFlagsSet];

        // ---- added by dissect ----
        ResponseIn = r.Add("mysql.response_in", "Response in", FieldType.FrameNum, FieldBase.FrameResponse, blurb: "The response to this MySQL command is in this frame");
        ResponseTo = r.Add("mysql.response_to", "Request in", FieldType.FrameNum, FieldBase.FrameRequest, blurb: "This is a response to the MySQL command in this frame");
        ResponseTime = r.Add("mysql.response_time", "Response time", FieldType.RelativeTime, FieldBase.None, blurb: "The time between the command and the first packet of its response");
        StmtQuery = r.Add("mysql.stmt.query", "Statement text", FieldType.String, FieldBase.None, blurb: "SQL text of the prepared statement (from its COM_STMT_PREPARE)");
        Encrypted = r.Add("mysql.tls.encrypted", "TLS encrypted data", FieldType.Bytes, FieldBase.None, blurb: "Bytes after an SSL request: TLS, not decoded");
        LocalInfileData = r.Add("mysql.local_infile.data", "LOCAL INFILE data", FieldType.Bytes, FieldBase.None, blurb: "File contents sent for LOAD DATA LOCAL INFILE");
        LocalInfileName = r.Add("mysql.local_infile.filename", "LOCAL INFILE file name", FieldType.String, FieldBase.None, blurb: "File the server asks the client to send");
    }

    public FieldId Protocol { get; }

    /// <summary>The flag fields under mysql.caps.server/client, mysql.extcaps.*, mysql.server_status and mysql.field.flags.</summary>
    public FieldId[] CapsLowerBits { get; }
    public FieldId[] CapsUpperBits { get; }
    public FieldId[] StatusBits { get; }
    public FieldId[] FieldFlagBits { get; }

    /// <summary>The length-encoded strings of a column definition, in wire order.</summary>
    public FieldId[] ColumnDefStrings { get; }
    public FieldId PacketLength { get; }
    public FieldId PacketNumber { get; }
    public FieldId Request { get; }
    public FieldId Command { get; }
    public FieldId ResponseCode { get; }
    public FieldId ErrorCode { get; }
    public FieldId ErrorMessage { get; }
    public FieldId Sqlstate { get; }
    public FieldId Message { get; }
    public FieldId ServerGreeting { get; }
    public FieldId ProtocolVersion { get; }
    public FieldId Version { get; }
    public FieldId SessionTrack { get; }
    public FieldId SessionTrackType { get; }
    public FieldId SessionTrackLength { get; }
    public FieldId SessionTrackData { get; }
    public FieldId SessionTrackDataLength { get; }
    public FieldId SessionTrackSysvarLength { get; }
    public FieldId SessionTrackSysvarName { get; }
    public FieldId SessionTrackSysvarValue { get; }
    public FieldId SessionTrackSchemaLength { get; }
    public FieldId SessionTrackSchema { get; }
    public FieldId SessionTrackStateChange { get; }
    public FieldId SessionTrackGtidsEncoding { get; }
    public FieldId SessionTrackGtidsLength { get; }
    public FieldId SessionTrackGtids { get; }
    public FieldId SessionTrackTransactionCharacteristicsLength { get; }
    public FieldId SessionTrackTransactionCharacteristics { get; }
    public FieldId SessionTrackTransactionStateLength { get; }
    public FieldId SessionTrackTransactionState { get; }
    public FieldId CapsServer { get; }
    public FieldId CapsClient { get; }
    public FieldId CapsLp { get; }
    public FieldId CapsFr { get; }
    public FieldId CapsLf { get; }
    public FieldId CapsCd { get; }
    public FieldId CapsNs { get; }
    public FieldId CapsCp { get; }
    public FieldId CapsOb { get; }
    public FieldId CapsLi { get; }
    public FieldId CapsIs { get; }
    public FieldId CapsCu { get; }
    public FieldId CapsIa { get; }
    public FieldId CapsSl { get; }
    public FieldId CapsIi { get; }
    public FieldId CapsTa { get; }
    public FieldId CapsRs { get; }
    public FieldId CapsSc { get; }
    public FieldId ExtcapsServer { get; }
    public FieldId ExtcapsClient { get; }
    public FieldId CapsMs { get; }
    public FieldId CapsMr { get; }
    public FieldId CapsPm { get; }
    public FieldId CapsPa { get; }
    public FieldId CapsCa { get; }
    public FieldId CapsEp { get; }
    public FieldId CapsSessionTrack { get; }
    public FieldId CapsDeprecateEof { get; }
    public FieldId CapsOptionalMetadata { get; }
    public FieldId CapsCompressZsd { get; }
    public FieldId CapsQueryAttrs { get; }
    public FieldId CapsMfAuth { get; }
    public FieldId CapsCapExt { get; }
    public FieldId CapsUnused { get; }
    public FieldId LoginRequest { get; }
    public FieldId MaxPacket { get; }
    public FieldId Charset { get; }
    public FieldId TableName { get; }
    public FieldId User { get; }
    public FieldId Schema { get; }
    public FieldId ClientAuthPlugin { get; }
    public FieldId Connattrs { get; }
    public FieldId ConnattrsLength { get; }
    public FieldId ConnattrsAttr { get; }
    public FieldId ConnattrsNameLength { get; }
    public FieldId ConnattrsName { get; }
    public FieldId ConnattrsValueLength { get; }
    public FieldId ConnattrsValue { get; }
    public FieldId CompressionZstdLevel { get; }
    public FieldId ExtmetaData { get; }
    public FieldId Extmeta { get; }
    public FieldId ExtmetaLength { get; }
    public FieldId ExtmetaKey { get; }
    public FieldId ExtmetaType { get; }
    public FieldId ExtmetaFormat { get; }
    public FieldId Salt { get; }
    public FieldId Salt2 { get; }
    public FieldId AuthPluginLength { get; }
    public FieldId AuthPlugin { get; }
    public FieldId ThreadId { get; }
    public FieldId ServerLanguage { get; }
    public FieldId ServerStatus { get; }
    public FieldId StatIt { get; }
    public FieldId StatAc { get; }
    public FieldId StatMr { get; }
    public FieldId StatMu { get; }
    public FieldId StatBi { get; }
    public FieldId StatNi { get; }
    public FieldId StatCr { get; }
    public FieldId StatLr { get; }
    public FieldId StatDr { get; }
    public FieldId StatBs { get; }
    public FieldId StatMc { get; }
    public FieldId StatSessionStateChanged { get; }
    public FieldId StatQueryWasSlow { get; }
    public FieldId StatPsOutParams { get; }
    public FieldId StatTransReadonly { get; }
    public FieldId Refresh { get; }
    public FieldId RfshGrants { get; }
    public FieldId RfshLog { get; }
    public FieldId RfshTables { get; }
    public FieldId RfshHosts { get; }
    public FieldId RfshStatus { get; }
    public FieldId RfshThreads { get; }
    public FieldId RfshSlave { get; }
    public FieldId RfshMaster { get; }
    public FieldId Unused { get; }
    public FieldId Passwd { get; }
    public FieldId Payload { get; }
    public FieldId AffectedRows { get; }
    public FieldId InsertId { get; }
    public FieldId Warnings { get; }
    public FieldId StmtId { get; }
    public FieldId QueryAttrs { get; }
    public FieldId QueryAttrsCount { get; }
    public FieldId QueryAttrsSendTypesToServer { get; }
    public FieldId QueryAttrNameType { get; }
    public FieldId QueryAttrName { get; }
    public FieldId QueryAttrValue { get; }
    public FieldId Query { get; }
    public FieldId Shutdown { get; }
    public FieldId Option { get; }
    public FieldId Param { get; }
    public FieldId NumParams { get; }
    public FieldId NumRows { get; }
    public FieldId ExecFlags { get; }
    public FieldId NewParameterBoundFlag { get; }
    public FieldId ExecIter { get; }
    public FieldId BinlogPosition { get; }
    public FieldId BinlogFlags { get; }
    public FieldId BinlogServerId { get; }
    public FieldId BinlogSlaveHostnameLength { get; }
    public FieldId BinlogSlaveHostname { get; }
    public FieldId BinlogSlaveUserLength { get; }
    public FieldId BinlogSlaveUser { get; }
    public FieldId BinlogSlavePasswordLength { get; }
    public FieldId BinlogSlavePassword { get; }
    public FieldId BinlogSlaveMysqlPort { get; }
    public FieldId BinlogReplicationRank { get; }
    public FieldId BinlogMasterId { get; }
    public FieldId BinlogFileName { get; }
    public FieldId BinlogEventHeaderTimestamp { get; }
    public FieldId BinlogEventHeaderEventType { get; }
    public FieldId BinlogEventHeaderServerId { get; }
    public FieldId BinlogEventHeaderEventSize { get; }
    public FieldId BinlogEventHeaderLogPosition { get; }
    public FieldId BinlogEventHeaderFlags { get; }
    public FieldId BinlogEventChecksum { get; }
    public FieldId BinlogEventHeartbeatV2 { get; }
    public FieldId BinlogEventHeartbeatV2Otw { get; }
    public FieldId BinlogEventHeartbeatV2OtwType { get; }
    public FieldId BinlogHbEventFilename { get; }
    public FieldId BinlogHbEventLogPosition { get; }
    public FieldId Eof { get; }
    public FieldId NumFields { get; }
    public FieldId MetadataFollows { get; }
    public FieldId Extra { get; }
    public FieldId FieldCatalog { get; }
    public FieldId FieldDb { get; }
    public FieldId FieldTable { get; }
    public FieldId FieldOrgTable { get; }
    public FieldId FieldName { get; }
    public FieldId FieldOrgName { get; }
    public FieldId FieldCharsetnr { get; }
    public FieldId FieldLength { get; }
    public FieldId FieldTypeCode { get; }
    public FieldId FieldFlags { get; }
    public FieldId FieldFlagsNotNull { get; }
    public FieldId FieldFlagsPrimaryKey { get; }
    public FieldId FieldFlagsUniqueKey { get; }
    public FieldId FieldFlagsMultipleKey { get; }
    public FieldId FieldFlagsBlob { get; }
    public FieldId FieldFlagsUnsigned { get; }
    public FieldId FieldFlagsZeroFill { get; }
    public FieldId RowNullbuffer { get; }
    public FieldId FieldFlagsEnum { get; }
    public FieldId FieldFlagsAutoIncrement { get; }
    public FieldId FieldFlagsTimestamp { get; }
    public FieldId FieldFlagsSet { get; }
    public FieldId FieldDecimals { get; }
    public FieldId FieldDefault { get; }
    public FieldId RowText { get; }
    public FieldId ExecParam { get; }
    public FieldId ExecUnsigned { get; }
    public FieldId ExecFieldLonglong { get; }
    public FieldId ExecFieldUnsignedLonglong { get; }
    public FieldId ExecFieldString { get; }
    public FieldId ExecFieldDouble { get; }
    public FieldId ExecFieldDatetimeLength { get; }
    public FieldId ExecFieldYear { get; }
    public FieldId ExecFieldMonth { get; }
    public FieldId ExecFieldDay { get; }
    public FieldId ExecFieldHour { get; }
    public FieldId ExecFieldMinute { get; }
    public FieldId ExecFieldSecond { get; }
    public FieldId ExecFieldSecondb { get; }
    public FieldId ExecFieldLong { get; }
    public FieldId ExecFieldUnsignedLong { get; }
    public FieldId ExecFieldTiny { get; }
    public FieldId ExecFieldUnsignedTiny { get; }
    public FieldId ExecFieldShort { get; }
    public FieldId ExecFieldUnsignedShort { get; }
    public FieldId ExecFieldFloat { get; }
    public FieldId ExecFieldNull { get; }
    public FieldId ExecFieldTimeLength { get; }
    public FieldId ExecFieldTimeSign { get; }
    public FieldId ExecFieldTimeDays { get; }
    public FieldId AuthSwitchRequestStatus { get; }
    public FieldId AuthSwitchRequestName { get; }
    public FieldId AuthSwitchRequestData { get; }
    public FieldId AuthSwitchResponseData { get; }
    public FieldId CompressedPacketLength { get; }
    public FieldId CompressedPacketNumber { get; }
    public FieldId CompressedPacketLengthUncompressed { get; }
    public FieldId MariadbCharset { get; }
    public FieldId MariadbServerLanguage { get; }
    public FieldId MariadbCapsPr { get; }
    public FieldId MariadbCapsCm { get; }
    public FieldId MariadbCapsBo { get; }
    public FieldId MariadbCapsEm { get; }
    public FieldId MariadbCapsMe { get; }
    public FieldId MariadbExtcapsServer { get; }
    public FieldId MariadbExtcapsClient { get; }
    public FieldId MariadbBulkFlagAutoid { get; }
    public FieldId MariadbBulkFlagSendtypes { get; }
    public FieldId MariadbBulkFlags { get; }
    public FieldId MariadbBulkParamtypes { get; }
    public FieldId MariadbBulkIndicators { get; }
    public FieldId MariadbBulkRowNr { get; }
    public FieldId MariadbPrefix { get; }
    public FieldId MariadbLength { get; }
    public FieldId[] MariadbCapsBits { get; }
    public FieldId[] BinlogSlaveLengths { get; }
    public FieldId[] BinlogSlaveStrings { get; }
    public FieldId[] MariadbBulkFlagBits { get; }
    public FieldId ResponseIn { get; }
    public FieldId ResponseTo { get; }
    public FieldId ResponseTime { get; }
    public FieldId StmtQuery { get; }
    public FieldId Encrypted { get; }
    public FieldId LocalInfileData { get; }
    public FieldId LocalInfileName { get; }
}
