using Dissectors.Core.Fields;

namespace Dissectors.Protocols.Scylla;

/// <summary>
/// Value strings of the Scylla RPC fields. Verbs 0-93 follow ScyllaDB's <c>message/messaging_service.hh</c>
/// (<c>enum class messaging_verb</c>); for 11, 13, 17 and 20 tshark 4.0's old names come first (so output and
/// old filters match tshark) and the <c>UNUSED__</c> names ScyllaDB uses now are accepted in filters too.
/// </summary>
internal static class ScyllaValues
{
    /// <summary>First verb id past the table (ScyllaDB's <c>LAST</c>).</summary>
    public const int VerbCount = 94;

    public static readonly ValueStrings Verb = ValueStrings.From(
        (0, "CLIENT_ID"),
        (1, "MUTATION"),
        (2, "MUTATION_DONE"),
        (3, "READ_DATA"),
        (4, "READ_MUTATION_DATA"),
        (5, "READ_DIGEST"),
        (6, "GOSSIP_DIGEST_SYN"),
        (7, "GOSSIP_DIGEST_ACK"),
        (8, "GOSSIP_DIGEST_ACK2"),
        (9, "GOSSIP_ECHO"),
        (10, "GOSSIP_SHUTDOWN"),
        (11, "DEFINITIONS_UPDATE"), (11, "UNUSED__DEFINITIONS_UPDATE"),
        (12, "TRUNCATE"),
        (13, "REPLICATION_FINISHED"), (13, "UNUSED__REPLICATION_FINISHED"),
        (14, "MIGRATION_REQUEST"),
        (15, "PREPARE_MESSAGE"),
        (16, "PREPARE_DONE_MESSAGE"),
        (17, "STREAM_MUTATION"), (17, "UNUSED__STREAM_MUTATION"),
        (18, "STREAM_MUTATION_DONE"),
        (19, "COMPLETE_MESSAGE"),
        (20, "REPAIR_CHECKSUM_RANGE"), (20, "UNUSED__REPAIR_CHECKSUM_RANGE"),
        (21, "GET_SCHEMA_VERSION"),
        (22, "SCHEMA_CHECK"),
        (23, "COUNTER_MUTATION"),
        (24, "MUTATION_FAILED"),
        (25, "STREAM_MUTATION_FRAGMENTS"),
        (26, "REPAIR_ROW_LEVEL_START"),
        (27, "REPAIR_ROW_LEVEL_STOP"),
        (28, "REPAIR_GET_FULL_ROW_HASHES"),
        (29, "REPAIR_GET_COMBINED_ROW_HASH"),
        (30, "REPAIR_GET_SYNC_BOUNDARY"),
        (31, "REPAIR_GET_ROW_DIFF"),
        (32, "REPAIR_PUT_ROW_DIFF"),
        (33, "REPAIR_GET_ESTIMATED_PARTITIONS"),
        (34, "REPAIR_SET_ESTIMATED_PARTITIONS"),
        (35, "REPAIR_GET_DIFF_ALGORITHMS"),
        (36, "REPAIR_GET_ROW_DIFF_WITH_RPC_STREAM"),
        (37, "REPAIR_PUT_ROW_DIFF_WITH_RPC_STREAM"),
        (38, "REPAIR_GET_FULL_ROW_HASHES_WITH_RPC_STREAM"),
        (39, "PAXOS_PREPARE"),
        (40, "PAXOS_ACCEPT"),
        (41, "PAXOS_LEARN"),
        (42, "HINT_MUTATION"),
        (43, "PAXOS_PRUNE"),
        (44, "GOSSIP_GET_ENDPOINT_STATES"),
        (45, "NODE_OPS_CMD"),
        (46, "RAFT_SEND_SNAPSHOT"),
        (47, "RAFT_APPEND_ENTRIES"),
        (48, "RAFT_APPEND_ENTRIES_REPLY"),
        (49, "RAFT_VOTE_REQUEST"),
        (50, "RAFT_VOTE_REPLY"),
        (51, "RAFT_TIMEOUT_NOW"),
        (52, "RAFT_READ_QUORUM"),
        (53, "RAFT_READ_QUORUM_REPLY"),
        (54, "RAFT_EXECUTE_READ_BARRIER_ON_LEADER"),
        (55, "RAFT_ADD_ENTRY"),
        (56, "RAFT_MODIFY_CONFIG"),
        (57, "GROUP0_PEER_EXCHANGE"),
        (58, "GROUP0_MODIFY_CONFIG"),
        (59, "REPAIR_UPDATE_SYSTEM_TABLE"),
        (60, "REPAIR_FLUSH_HINTS_BATCHLOG"),
        (61, "MAPREDUCE_REQUEST"),
        (62, "GET_GROUP0_UPGRADE_STATE"),
        (63, "DIRECT_FD_PING"),
        (64, "RAFT_TOPOLOGY_CMD"),
        (65, "RAFT_PULL_SNAPSHOT"),
        (66, "TABLET_STREAM_DATA"),
        (67, "TABLET_CLEANUP"),
        (68, "JOIN_NODE_REQUEST"),
        (69, "JOIN_NODE_RESPONSE"),
        (70, "TABLET_STREAM_FILES"),
        (71, "STREAM_BLOB"),
        (72, "TABLE_LOAD_STATS_V1"),
        (73, "JOIN_NODE_QUERY"),
        (74, "TASKS_GET_CHILDREN"),
        (75, "TABLET_REPAIR"),
        (76, "TRUNCATE_WITH_TABLETS"),
        (77, "TABLE_LOAD_STATS"),
        (78, "ESTIMATE_SSTABLE_VOLUME"),
        (79, "SAMPLE_SSTABLES"),
        (80, "REPAIR_UPDATE_COMPACTION_CTRL"),
        (81, "REPAIR_UPDATE_REPAIRED_AT_FOR_MERGE"),
        (82, "WORK_ON_VIEW_BUILDING_TASKS"),
        (83, "NOTIFY_BANNED"),
        (84, "SNAPSHOT_WITH_TABLETS"),
        (85, "RAFT_READ_BARRIER"),
        (86, "FORWARD_CQL_EXECUTE"),
        (87, "FORWARD_CQL_PREPARE"),
        (88, "RESTORE_TABLET"),
        (89, "WAIT_FOR_RAFT_GROUPS_TO_START"),
        (90, "CLONE_SSTABLE"),
        (91, "FETCH_COLUMN_MAPPINGS"),
        (92, "REPAIR_GET_TABLE_SIZE"),
        (93, "BACKUP_SNAPSHOT_SSTABLES"));

    /// <summary>Seastar's <c>enum class protocol_features</c> (doc/rpc.md); names as Wireshark 4.6 shows them.</summary>
    public static readonly ValueStrings Feature = ValueStrings.From(
        (0, "Compression"), (1, "Timeout propagation"), (2, "Connection ID"), (3, "Stream parent"),
        (4, "Isolation"), (5, "Handler duration"));

    /// <summary>Seastar's <c>exception_type</c>.</summary>
    public static readonly ValueStrings ExceptionType = ValueStrings.From((0, "USER"), (1, "UNKNOWN_VERB"));

    /// <summary>ScyllaDB's SCYLLA_V3 per-message algorithm byte (<c>message/advanced_rpc_compressor.cc</c>).</summary>
    public static readonly ValueStrings V3Algorithm = ValueStrings.From((0, "raw"), (1, "lz4"), (2, "zstd"));

    /// <summary>ScyllaDB's <c>gms::application_state</c> (gms/application_state.hh).</summary>
    public static readonly ValueStrings ApplicationState = ValueStrings.From(
        (0, "STATUS"), (1, "LOAD"), (2, "SCHEMA"), (3, "DC"), (4, "RACK"), (5, "RELEASE_VERSION"),
        (6, "REMOVAL_COORDINATOR"), (7, "INTERNAL_IP"), (8, "RPC_ADDRESS"), (9, "X_11_PADDING"), (10, "SEVERITY"),
        (11, "NET_VERSION"), (12, "HOST_ID"), (13, "TOKENS"), (14, "SUPPORTED_FEATURES"), (15, "CACHE_HITRATES"),
        (16, "SCHEMA_TABLES_VERSION"), (17, "RPC_READY"), (18, "VIEW_BACKLOG"), (19, "SHARD_COUNT"),
        (20, "IGNORE_MSB_BITS"), (21, "CDC_GENERATION_ID"), (22, "SNITCH_NAME"), (23, "RAFT_SERVER_ID"));
}
