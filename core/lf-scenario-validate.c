/* lf-scenario-validate.c: every problem of a scenario, each with its JSON path
 *
 * The keys each object may hold, their types and AWS's ranges are the tables of the first
 * part; which edge type may join which node types is the table after them. The checks
 * that span objects (batch sizes per source, SQS-4, CONC-2, references, permissions) follow.
 * Rule ids in brackets point into semantics.md.
 */
#include "lf-scenario-private.h"

#include <math.h>
#include <string.h>

#include "lf-aws-limits.h"
#include "lf-rng.h"

/* ---------------------------------------------------------------------------------------
 * Problems
 */

void
lf_problem_free (LfProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->path);
  g_free (problem->message);
  g_free (problem);
}

LfProblem *
_lf_problem_new (LfSeverity  severity,
                 const char *path,
                 const char *message)
{
  LfProblem *problem = g_new0 (LfProblem, 1);

  problem->severity = severity;
  problem->path = g_strdup (path != NULL ? path : "");
  problem->message = g_strdup (message);
  return problem;
}

gboolean
lf_problems_have_errors (GPtrArray *problems)
{
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    if (((LfProblem *) g_ptr_array_index (problems, i))->severity == LF_SEVERITY_ERROR)
      return TRUE;
  return FALSE;
}

/* ---------------------------------------------------------------------------------------
 * Key tables
 */

typedef enum {
  K_ANY,
  K_STRING,
  K_BOOL,
  K_INT,
  K_NUMBER,
  K_DURATION,   /* "30s" or a number of seconds */
  K_RATE,       /* "20/s" or a number per second */
  K_SIZE,       /* "1MB" or a number of bytes */
  K_DIST,       /* lf_dist_parse */
  K_ENUM,       /* a string among `choices` */
  K_OBJECT,
  K_ARRAY,      /* max items when F_MAX */
  K_STRINGS,    /* array of strings, among `choices` when given */
  K_INTS,       /* array of integers ≥ min */
} Kind;

enum {
  F_REQUIRED  = 1 << 0,
  F_MIN       = 1 << 1,
  F_MAX       = 1 << 2,
  F_MINUS_ONE = 1 << 3,   /* −1 accepted besides the range (STREAM-2) */
  F_POSITIVE  = 1 << 4,   /* > 0 */
};

typedef struct {
  const char *key;
  Kind        kind;
  guint       flags;
  double      min, max;   /* durations in µs, sizes in bytes, arrays in items */
  const char *choices;    /* "a|b|c" */
  const char *units;      /* range text of durations: unit of min then of max ("sh": 60s–6h) */
  const char *rule;
} KeySpec;

#define KEY(k, kind_)                 { .key = k, .kind = kind_ }
#define REQUIRED(k, kind_)            { .key = k, .kind = kind_, .flags = F_REQUIRED }
#define RANGE(k, kind_, lo, hi, r)    { .key = k, .kind = kind_, .flags = F_MIN | F_MAX, \
                                        .min = (double) (lo), .max = (double) (hi), .rule = r }
#define AT_LEAST(k, kind_, lo, r)     { .key = k, .kind = kind_, .flags = F_MIN, \
                                        .min = (double) (lo), .rule = r }
#define POSITIVE(k, kind_, r)         { .key = k, .kind = kind_, .flags = F_POSITIVE, .rule = r }
#define SPAN(k, lo, hi, u, r)         { .key = k, .kind = K_DURATION, .flags = F_MIN | F_MAX, \
                                        .min = (double) (lo), .max = (double) (hi), .units = u, \
                                        .rule = r }
#define CHOICE(k, c, r)               { .key = k, .kind = K_ENUM, .choices = c, .rule = r }
#define END                           { .key = NULL }

static const KeySpec top_level_keys[] = {
  KEY ("format", K_STRING), KEY ("title", K_STRING), KEY ("description", K_STRING),
  AT_LEAST ("seed", K_INT, 0, NULL), POSITIVE ("duration", K_DURATION, NULL),
  KEY ("settings", K_OBJECT), KEY ("nodes", K_ARRAY), KEY ("edges", K_ARRAY),
  KEY ("roles", K_ARRAY), KEY ("workload", K_ARRAY), KEY ("faults", K_ARRAY),
  KEY ("walkthrough", K_OBJECT), END
};

static const KeySpec settings_keys[] = {
  AT_LEAST ("account_concurrency", K_INT, 1, "CONC-1"),
  KEY ("region", K_STRING),
  POSITIVE ("async_payload_limit", K_SIZE, "LIM-3"),
  KEY ("recursion_guard", K_BOOL),
  AT_LEAST ("keep_warm", K_DURATION, 0, NULL),
  CHOICE ("scaling_model", "current|classic", "CONC-5"),
  CHOICE ("sqs_scaling_model", "current|classic", "SQS-5"),
  RANGE ("jitter", K_NUMBER, 0, 1, NULL),
  AT_LEAST ("stream_retry_backoff", K_DURATION, 1000, "STREAM-1"),
  END
};

static const KeySpec node_keys[] = {
  REQUIRED ("id", K_STRING), REQUIRED ("type", K_STRING), KEY ("label", K_STRING),
  KEY ("x", K_NUMBER), KEY ("y", K_NUMBER), KEY ("props", K_OBJECT), END
};

static const KeySpec edge_keys[] = {
  REQUIRED ("id", K_STRING), REQUIRED ("type", K_STRING), REQUIRED ("from", K_STRING),
  REQUIRED ("to", K_STRING), KEY ("props", K_OBJECT), END
};

static const KeySpec role_keys[] = {
  REQUIRED ("id", K_STRING), KEY ("managed_policies", K_STRINGS), KEY ("allow", K_ARRAY), END
};

static const KeySpec allow_keys[] = {
  REQUIRED ("action", K_STRING), REQUIRED ("resource", K_STRING), END
};

/* Node props (spec/scenario-format.md, "Nodes") */
static const KeySpec client_props[] = {
  CHOICE ("retry_mode", "standard|legacy|none", "SYNC-1"), END
};
static const KeySpec api_gateway_props[] = {
  CHOICE ("api_type", "rest|http", "APIGW-5"),
  KEY ("integration_timeout", K_DURATION),    /* range by api_type: check_api_gateway */
  END
};
static const KeySpec alb_props[] = { KEY ("multi_value_headers", K_BOOL), END };
static const KeySpec s3_props[] = {
  KEY ("versioning", K_BOOL), KEY ("legacy_coalescing", K_BOOL),
  AT_LEAST ("coalescing_window", K_DURATION, 0, "S3-4"), KEY ("notification_delay", K_DIST), END
};
static const KeySpec sns_props[] = { KEY ("fifo", K_BOOL), END };
static const KeySpec eventbridge_props[] = { END };
static const KeySpec kinesis_props[] = {
  AT_LEAST ("shards", K_INT, 1, NULL),
  SPAN ("retention", LF_KINESIS_RETENTION_MIN, LF_KINESIS_RETENTION_MAX, "h", "KIN-5"), END
};
static const KeySpec dynamodb_props[] = {
  AT_LEAST ("stream_shards", K_INT, 1, NULL),
  CHOICE ("stream_view_type", "KEYS_ONLY|NEW_IMAGE|OLD_IMAGE|NEW_AND_OLD_IMAGES", "DDB-2"), END
};
static const KeySpec sqs_props[] = {
  KEY ("fifo", K_BOOL),
  SPAN ("visibility_timeout", 0, LF_SQS_VISIBILITY_MAX, "s", "SQS-4"),
  SPAN ("retention", LF_SQS_RETENTION_MIN, LF_SQS_RETENTION_MAX, "sd", "SQS-11"),
  KEY ("content_based_deduplication", K_BOOL), END
};
static const KeySpec function_props[] = {
  SPAN ("timeout", LF_FUNCTION_TIMEOUT_MIN, LF_FUNCTION_TIMEOUT_MAX, "s", "LIM-1"),
  RANGE ("memory_mb", K_INT, LF_FUNCTION_MEMORY_MIN, LF_FUNCTION_MEMORY_MAX, "LIM-4"),
  AT_LEAST ("reserved_concurrency", K_INT, 0, "CONC-2"),
  KEY ("duration", K_DIST),
  AT_LEAST ("cold_start", K_DURATION, 0, NULL),
  KEY ("role", K_STRING),
  RANGE ("max_retry_attempts", K_INT, 0, LF_ASYNC_MAX_RETRY_MAX, "ASYNC-4"),
  SPAN ("max_event_age", LF_ASYNC_MAX_EVENT_AGE_MIN, LF_ASYNC_MAX_EVENT_AGE_MAX, "sh", "ASYNC-4"),
  AT_LEAST ("state_bytes_per_record", K_SIZE, 0, "STREAM-8"),
  END
};

static const KeySpec *const node_props[LF_N_NODE_TYPES] = {
  [LF_NODE_CLIENT]          = client_props,
  [LF_NODE_API_GATEWAY]     = api_gateway_props,
  [LF_NODE_ALB]             = alb_props,
  [LF_NODE_S3_BUCKET]       = s3_props,
  [LF_NODE_SNS_TOPIC]       = sns_props,
  [LF_NODE_EVENTBRIDGE_BUS] = eventbridge_props,
  [LF_NODE_KINESIS_STREAM]  = kinesis_props,
  [LF_NODE_DYNAMODB_TABLE]  = dynamodb_props,
  [LF_NODE_SQS_QUEUE]       = sqs_props,
  [LF_NODE_LAMBDA_FUNCTION] = function_props,
};

/* Edge props (spec/scenario-format.md, "Edges") */
static const KeySpec no_props[] = { END };
static const KeySpec invoke_props[] = {
  CHOICE ("invocation_type", "RequestResponse|Event", "INV-1"), END
};
static const KeySpec notification_props[] = { KEY ("events", K_STRINGS), END };
static const KeySpec rule_props[] = {
  KEY ("pattern", K_OBJECT),
  RANGE ("max_retry_attempts", K_INT, 0, LF_EB_RETRY_ATTEMPTS_MAX, "EB-1"),
  SPAN ("max_event_age", LF_EB_EVENT_AGE_MIN, LF_EB_EVENT_AGE_MAX, "sh", "EB-1"), END
};
static const KeySpec esm_props[] = {
  KEY ("batch_size", K_INT),                  /* range by source: check_batch_size */
  SPAN ("batching_window", 0, LF_ESM_BATCHING_WINDOW_MAX, "s", "ESM-1"),
  KEY ("enabled", K_BOOL),
  KEY ("report_batch_item_failures", K_BOOL),
  { .key = "filters", .kind = K_ARRAY, .flags = F_MAX, .max = LF_ESM_FILTERS_MAX,
    .rule = "ESM-8" },
  END
};
static const KeySpec esm_stream_props[] = {
  CHOICE ("starting_position", "LATEST|TRIM_HORIZON|AT_TIMESTAMP", "KIN-4"),
  AT_LEAST ("starting_position_timestamp", K_DURATION, 0, "KIN-4"),
  RANGE ("parallelization_factor", K_INT, 1, LF_STREAM_PF_MAX, "KIN-3"),
  KEY ("bisect_on_error", K_BOOL),
  { .key = "max_retry_attempts", .kind = K_INT, .flags = F_MIN | F_MAX | F_MINUS_ONE,
    .min = 0, .max = LF_STREAM_MAX_RETRY_MAX, .rule = "STREAM-2" },
  { .key = "max_record_age", .kind = K_DURATION, .flags = F_MIN | F_MAX | F_MINUS_ONE,
    .min = (double) LF_STREAM_MAX_RECORD_AGE_MIN, .max = (double) LF_STREAM_MAX_RECORD_AGE_MAX,
    .units = "s", .rule = "STREAM-2" },
  SPAN ("tumbling_window", 0, LF_STREAM_TUMBLING_WINDOW_MAX, "s", "STREAM-8"),
  END
};
static const KeySpec esm_sqs_props[] = {
  RANGE ("maximum_concurrency", K_INT, LF_SQS_MAX_CONCURRENCY_MIN, LF_SQS_MAX_CONCURRENCY_MAX,
         "SQS-6"),
  END
};
static const KeySpec redrive_props[] = {
  RANGE ("max_receive_count", K_INT, LF_SQS_MAX_RECEIVE_MIN, LF_SQS_MAX_RECEIVE_MAX, "SQS-11"),
  END
};
static const KeySpec sends_props[] = {
  AT_LEAST ("per_invocation", K_INT, 0, NULL),
  CHOICE ("invocation_type", "RequestResponse|Event", "INV-1"), END
};

static const KeySpec *const edge_props[LF_N_EDGE_TYPES] = {
  [LF_EDGE_INVOKE]               = invoke_props,
  [LF_EDGE_INTEGRATION]          = no_props,
  [LF_EDGE_NOTIFICATION]         = notification_props,
  [LF_EDGE_SUBSCRIPTION]         = no_props,
  [LF_EDGE_RULE]                 = rule_props,
  [LF_EDGE_EVENT_SOURCE_MAPPING] = esm_props,
  [LF_EDGE_DLQ]                  = no_props,
  [LF_EDGE_ON_SUCCESS]           = no_props,
  [LF_EDGE_ON_FAILURE]           = no_props,
  [LF_EDGE_REDRIVE]              = redrive_props,
  [LF_EDGE_SENDS]                = sends_props,
};

/* Workload (spec/scenario-format.md, "Workload") */
static const KeySpec workload_keys[] = {
  REQUIRED ("id", K_STRING), REQUIRED ("target", K_STRING),
  AT_LEAST ("rate", K_RATE, 0, NULL), AT_LEAST ("count", K_INT, 1, NULL),
  AT_LEAST ("start", K_DURATION, 0, NULL), AT_LEAST ("stop", K_DURATION, 0, NULL),
  CHOICE ("arrival", "constant|poisson|burst", NULL),
  AT_LEAST ("payload_bytes", K_SIZE, 0, NULL),
  AT_LEAST ("object_keys", K_INT, 1, NULL), AT_LEAST ("partition_keys", K_INT, 1, NULL),
  AT_LEAST ("message_groups", K_INT, 1, NULL), AT_LEAST ("items", K_INT, 1, NULL),
  { .key = "operations", .kind = K_STRINGS, .choices = "INSERT|MODIFY|REMOVE", .rule = "DDB-2" },
  KEY ("source", K_STRING), KEY ("detail_type", K_STRING), KEY ("request", K_OBJECT),
  END
};

#define NT(t) (1u << (t))
#define ANY_NODE ((1u << LF_N_NODE_TYPES) - 2u)
#define ANY_SERVICE (ANY_NODE & ~NT (LF_NODE_CLIENT))
#define QUEUE_OR_TOPIC (NT (LF_NODE_SQS_QUEUE) | NT (LF_NODE_SNS_TOPIC))

/* Workload keys that only some targets use */
static const struct {
  const char *key;
  guint       targets;
} workload_target_keys[] = {
  { "object_keys",    NT (LF_NODE_S3_BUCKET) },
  { "partition_keys", NT (LF_NODE_KINESIS_STREAM) },
  { "message_groups", NT (LF_NODE_SQS_QUEUE) },
  { "items",          NT (LF_NODE_DYNAMODB_TABLE) },
  { "operations",     NT (LF_NODE_DYNAMODB_TABLE) },
  { "source",         NT (LF_NODE_EVENTBRIDGE_BUS) },
  { "detail_type",    NT (LF_NODE_EVENTBRIDGE_BUS) },
  { "request",        NT (LF_NODE_API_GATEWAY) | NT (LF_NODE_ALB) },
};

/* Faults (spec/scenario-format.md, "Faults") */
static const KeySpec fault_keys[] = {
  REQUIRED ("id", K_STRING), REQUIRED ("target", K_STRING), REQUIRED ("kind", K_STRING),
  RANGE ("probability", K_NUMBER, 0, 1, NULL),
  { .key = "attempts", .kind = K_INTS, .flags = F_MIN, .min = 1 },
  AT_LEAST ("start", K_DURATION, 0, NULL), AT_LEAST ("stop", K_DURATION, 0, NULL),
  END
};
static const KeySpec error_fault_keys[] = {
  KEY ("error_type", K_STRING), KEY ("message", K_STRING), END
};
/* a poison record fails its batch with an error like any other [STREAM-1] */
static const KeySpec poison_fault_keys[] = {
  REQUIRED ("match", K_OBJECT), KEY ("error_type", K_STRING), KEY ("message", K_STRING), END
};
static const KeySpec partial_fault_keys[] = {
  KEY ("match", K_OBJECT),
  CHOICE ("identifier", "valid|empty|null|wrong_key|unknown", "ESM-7"), END
};
static const KeySpec large_response_fault_keys[] = {
  AT_LEAST ("bytes", K_SIZE, 0, "ALB-4"), END
};
static const KeySpec slow_fault_keys[] = { POSITIVE ("factor", K_NUMBER, NULL), END };
static const KeySpec deny_fault_keys[] = { REQUIRED ("action", K_STRING), END };
static const KeySpec match_keys[] = {
  KEY ("partition_key", K_STRING), KEY ("message_group", K_STRING), KEY ("key", K_STRING),
  AT_LEAST ("index", K_INT, 1, NULL), END
};

#define FUNCTION_ONLY NT (LF_NODE_LAMBDA_FUNCTION)

static const struct {
  const char    *kind;
  const KeySpec *keys;
  guint          targets;
} fault_kinds[] = {
  { "error",          error_fault_keys,          FUNCTION_ONLY },
  { "timeout",        no_props,                  FUNCTION_ONLY },
  { "throttle",       no_props,                  FUNCTION_ONLY },
  { "poison",         poison_fault_keys,         FUNCTION_ONLY },
  { "partial",        partial_fault_keys,        FUNCTION_ONLY },
  { "bad_response",   no_props,                  FUNCTION_ONLY },
  { "large_response", large_response_fault_keys, FUNCTION_ONLY },
  { "no_state",       no_props,                  FUNCTION_ONLY },
  { "slow",           slow_fault_keys,           ANY_NODE },
  { "deny",           deny_fault_keys,           FUNCTION_ONLY },
  { "duplicate",      no_props,                  NT (LF_NODE_S3_BUCKET) | QUEUE_OR_TOPIC
                                                 | FUNCTION_ONLY },
};

/* Walkthrough (spec/scenario-format.md, "Walkthrough") */
static const KeySpec walkthrough_keys[] = { KEY ("steps", K_ARRAY), END };
static const KeySpec step_keys[] = {
  KEY ("title", K_STRING), KEY ("text", K_STRING), AT_LEAST ("at", K_DURATION, 0, NULL),
  KEY ("until", K_ANY), KEY ("highlight", K_STRINGS), KEY ("focus", K_STRING),
  POSITIVE ("speed", K_NUMBER, NULL), KEY ("pause", K_BOOL),
  AT_LEAST ("dwell", K_DURATION, 0, NULL), END
};
static const KeySpec until_keys[] = { REQUIRED ("kind", K_STRING), KEY ("node", K_STRING), END };

/* ---------------------------------------------------------------------------------------
 * Which edge joins which nodes
 */

static const struct {
  LfEdgeType  type;
  guint       from;
  guint       to;
  const char *rule;
} edge_rules[] = {
  { LF_EDGE_INVOKE,       NT (LF_NODE_CLIENT), FUNCTION_ONLY, "INV-1" },
  { LF_EDGE_INTEGRATION,  NT (LF_NODE_API_GATEWAY) | NT (LF_NODE_ALB), FUNCTION_ONLY, "INV-2" },
  { LF_EDGE_NOTIFICATION, NT (LF_NODE_S3_BUCKET), FUNCTION_ONLY | QUEUE_OR_TOPIC, "S3-5" },
  { LF_EDGE_SUBSCRIPTION, NT (LF_NODE_SNS_TOPIC), FUNCTION_ONLY | NT (LF_NODE_SQS_QUEUE), "SNS-1" },
  { LF_EDGE_RULE,         NT (LF_NODE_EVENTBRIDGE_BUS), FUNCTION_ONLY | QUEUE_OR_TOPIC, "EB-1" },
  { LF_EDGE_EVENT_SOURCE_MAPPING,
    NT (LF_NODE_KINESIS_STREAM) | NT (LF_NODE_DYNAMODB_TABLE) | NT (LF_NODE_SQS_QUEUE),
    FUNCTION_ONLY, "INV-2" },
  { LF_EDGE_DLQ,          FUNCTION_ONLY, QUEUE_OR_TOPIC, "ASYNC-13" },
  { LF_EDGE_ON_SUCCESS,   FUNCTION_ONLY,
    QUEUE_OR_TOPIC | FUNCTION_ONLY | NT (LF_NODE_EVENTBRIDGE_BUS), "ASYNC-10" },
  { LF_EDGE_ON_FAILURE,   FUNCTION_ONLY,
    QUEUE_OR_TOPIC | FUNCTION_ONLY | NT (LF_NODE_EVENTBRIDGE_BUS) | NT (LF_NODE_S3_BUCKET),
    "ASYNC-10" },
  { LF_EDGE_REDRIVE,      NT (LF_NODE_SQS_QUEUE), NT (LF_NODE_SQS_QUEUE), "SQS-11" },
  { LF_EDGE_SENDS,        FUNCTION_ONLY, ANY_SERVICE, NULL },
};

/* on_failure from an event source mapping's edge id [KIN-8] */
#define ESM_ON_FAILURE_TO (QUEUE_OR_TOPIC | NT (LF_NODE_S3_BUCKET))

/* Permissions: what the managed policies grant, what reading and writing need */
static const struct {
  const char *name;
  const char *actions;   /* space-separated */
} managed_policies[] = {
  { "AWSLambdaBasicExecutionRole", "logs:CreateLogGroup logs:CreateLogStream logs:PutLogEvents" },
  { "AWSLambdaSQSQueueExecutionRole",
    "sqs:ReceiveMessage sqs:DeleteMessage sqs:GetQueueAttributes" },
  { "AWSLambdaKinesisExecutionRole",
    "kinesis:GetRecords kinesis:GetShardIterator kinesis:DescribeStream "
    "kinesis:DescribeStreamSummary kinesis:ListShards kinesis:ListStreams kinesis:SubscribeToShard" },
  { "AWSLambdaDynamoDBExecutionRole",
    "dynamodb:GetRecords dynamodb:GetShardIterator dynamodb:DescribeStream dynamodb:ListStreams" },
  { "AWSLambdaVPCAccessExecutionRole", "" },
  { "AWSXRayDaemonWriteAccess", "" },
};

static const char *const read_actions[LF_N_NODE_TYPES] = {
  [LF_NODE_SQS_QUEUE]      = "sqs:ReceiveMessage sqs:DeleteMessage sqs:GetQueueAttributes",
  [LF_NODE_KINESIS_STREAM] = "kinesis:GetRecords kinesis:GetShardIterator kinesis:DescribeStream "
                             "kinesis:ListShards",
  [LF_NODE_DYNAMODB_TABLE] = "dynamodb:GetRecords dynamodb:GetShardIterator "
                             "dynamodb:DescribeStream dynamodb:ListStreams",
};

static const char *const write_actions[LF_N_NODE_TYPES] = {
  [LF_NODE_SQS_QUEUE]       = "sqs:SendMessage",
  [LF_NODE_SNS_TOPIC]       = "sns:Publish",
  [LF_NODE_LAMBDA_FUNCTION] = "lambda:InvokeFunction",
  [LF_NODE_EVENTBRIDGE_BUS] = "events:PutEvents",
  [LF_NODE_S3_BUCKET]       = "s3:PutObject",
  [LF_NODE_KINESIS_STREAM]  = "kinesis:PutRecord",
  [LF_NODE_DYNAMODB_TABLE]  = "dynamodb:PutItem",
};

/* ---------------------------------------------------------------------------------------
 * Context, paths, messages
 */

typedef struct {
  LfScenario *scenario;
  GPtrArray  *problems;
} Ctx;

static void add (Ctx *ctx, LfSeverity severity, const char *path, const char *format, ...)
  G_GNUC_PRINTF (4, 5);

static void
add (Ctx        *ctx,
     LfSeverity  severity,
     const char *path,
     const char *format,
     ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (ctx->problems, _lf_problem_new (severity, path, message));
}

#define report_error(ctx, path, ...)   add (ctx, LF_SEVERITY_ERROR, path, __VA_ARGS__)
#define report_warning(ctx, path, ...) add (ctx, LF_SEVERITY_WARNING, path, __VA_ARGS__)

static char *
path_key (const char *base, const char *key)
{
  if (base == NULL || *base == '\0')
    return g_strdup (key);
  return g_strdup_printf ("%s.%s", base, key);
}

static char *
path_index (const char *base, guint index)
{
  return g_strdup_printf ("%s[%u]", base, index);
}

static char *
rule_suffix (const char *rule)
{
  return rule != NULL ? g_strdup_printf (" [%s]", rule) : g_strdup ("");
}

/* " did you mean `x`?" or "" */
static char *
did_you_mean (const char *word, const char *const *candidates)
{
  const char *suggestion = _lf_suggest (word, candidates);

  return suggestion != NULL ? g_strdup_printf ("; did you mean `%s`?", suggestion) : g_strdup ("");
}

static const char *
describe (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    return "an object";
  if (JSON_NODE_HOLDS_ARRAY (node))
    return "an array";
  if (JSON_NODE_HOLDS_NULL (node))
    return "null";
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:  return "a string";
    case G_TYPE_BOOLEAN: return "a boolean";
    default:             return "a number";
    }
}

static gboolean
is_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node)
         && json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
is_number (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node)
         && (json_node_get_value_type (node) == G_TYPE_INT64
             || json_node_get_value_type (node) == G_TYPE_DOUBLE);
}

static gboolean
is_integer (JsonNode *node, gint64 *out)
{
  double value;

  if (!is_number (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    {
      *out = json_node_get_int (node);
      return TRUE;
    }
  value = json_node_get_double (node);
  if (value != floor (value) || fabs (value) >= 9.2e18)
    return FALSE;
  *out = (gint64) value;
  return TRUE;
}

static void
type_error (Ctx *ctx, const char *path, const char *expected, JsonNode *value)
{
  g_autofree char *text = _lf_json_value_to_text (value);

  if (JSON_NODE_HOLDS_VALUE (value))
    report_error (ctx, path, "expected %s, got %s `%s`", expected, describe (value), text);
  else
    report_error (ctx, path, "expected %s, got %s", expected, describe (value));
}

/* ---------------------------------------------------------------------------------------
 * Values
 */

static char *
format_bound (const KeySpec *spec, double value, char unit)
{
  if (spec->kind != K_DURATION)
    return g_strdup_printf ("%.15g", value);
  switch (unit)
    {
    case 'm': return g_strdup_printf ("%.15gms", value / 1e3);
    case 'h': return g_strdup_printf ("%.15gh", value / 3.6e9);
    case 'd': return g_strdup_printf ("%.15gd", value / 8.64e10);
    default:  return g_strdup_printf ("%.15gs", value / 1e6);
    }
}

/* "1s–900s", "-1 or 60s–604800s", "≥ 1", "> 0" */
static char *
range_text (const KeySpec *spec)
{
  const char *units = spec->units != NULL ? spec->units : "s";
  char max_unit = units[0] != '\0' && units[1] != '\0' ? units[1] : units[0];
  g_autofree char *lo = format_bound (spec, spec->min, units[0]);
  g_autofree char *hi = format_bound (spec, spec->max, max_unit);
  const char *or_minus_one = (spec->flags & F_MINUS_ONE) ? "-1 or " : "";

  if ((spec->flags & F_MIN) && (spec->flags & F_MAX))
    return g_strdup_printf ("%s%s–%s", or_minus_one, lo, hi);
  if (spec->flags & F_MIN)
    return g_strdup_printf ("%s≥ %s", or_minus_one, lo);
  if (spec->flags & F_MAX)
    return g_strdup_printf ("≤ %s", hi);
  return g_strdup ("> 0");
}

static gboolean
in_range (const KeySpec *spec, double value)
{
  if ((spec->flags & F_MINUS_ONE) && value == -1)
    return TRUE;
  if ((spec->flags & F_MIN) && value < spec->min)
    return FALSE;
  if ((spec->flags & F_MAX) && value > spec->max)
    return FALSE;
  if ((spec->flags & F_POSITIVE) && !(value > 0))
    return FALSE;
  return TRUE;
}

/* "timeout 901s is out of range (1s–900s) [LIM-1]" */
static gboolean
check_range (Ctx *ctx, const char *path, const KeySpec *spec, double value, JsonNode *raw)
{
  g_autofree char *text = NULL;
  g_autofree char *range = NULL;
  g_autofree char *rule = NULL;

  if (in_range (spec, value))
    return TRUE;
  text = _lf_json_value_to_text (raw);
  range = range_text (spec);
  rule = rule_suffix (spec->rule);
  report_error (ctx, path, "%s %s is out of range (%s)%s", spec->key, text, range, rule);
  return FALSE;
}

static gboolean
check_int (Ctx *ctx, const char *path, const KeySpec *spec, JsonNode *value)
{
  gint64 number;

  if (!is_integer (value, &number))
    {
      type_error (ctx, path, "an integer", value);
      return FALSE;
    }
  return check_range (ctx, path, spec, (double) number, value);
}

static gboolean
check_number (Ctx *ctx, const char *path, const KeySpec *spec, JsonNode *value)
{
  double number;

  if (!is_number (value))
    {
      type_error (ctx, path, "a number", value);
      return FALSE;
    }
  number = json_node_get_double (value);
  if (!isfinite (number))
    {
      report_error (ctx, path, "%s is not a finite number", spec->key);
      return FALSE;
    }
  return check_range (ctx, path, spec, number, value);
}

static gboolean
check_duration (Ctx *ctx, const char *path, const KeySpec *spec, JsonNode *value)
{
  LfTime usec = 0;

  if (is_string (value))
    {
      const char *text = json_node_get_string (value);

      if (!lf_time_parse_duration (text, &usec, NULL))
        {
          report_error (ctx, path, "`%s` is not a duration (use e.g. \"150ms\", \"1.5s\", \"30m\", "
                 "\"6h\", \"4d\" or a number of seconds)", text);
          return FALSE;
        }
    }
  else if (is_number (value))
    {
      double seconds = json_node_get_double (value);

      if ((spec->flags & F_MINUS_ONE) && seconds == -1)
        return TRUE;
      if (!isfinite (seconds) || fabs (seconds) > 9.2e12)
        {
          report_error (ctx, path, "%s %g is not a duration", spec->key, seconds);
          return FALSE;
        }
      usec = (LfTime) llround (seconds * 1e6);
    }
  else
    {
      type_error (ctx, path, "a duration such as \"30s\"", value);
      return FALSE;
    }
  return check_range (ctx, path, spec, (double) usec, value);
}

static gboolean
check_rate (Ctx *ctx, const char *path, const KeySpec *spec, JsonNode *value)
{
  double per_second = 0;

  if (is_string (value))
    {
      if (!lf_time_parse_rate (json_node_get_string (value), &per_second, NULL))
        {
          report_error (ctx, path, "`%s` is not a rate (use e.g. \"20/s\", \"5/m\" or \"100/h\")",
                 json_node_get_string (value));
          return FALSE;
        }
    }
  else if (is_number (value))
    per_second = json_node_get_double (value);
  else
    {
      type_error (ctx, path, "a rate such as \"20/s\"", value);
      return FALSE;
    }
  return check_range (ctx, path, spec, per_second, value);
}

static gboolean
check_size (Ctx *ctx, const char *path, const KeySpec *spec, JsonNode *value)
{
  gint64 bytes = 0;

  if (is_string (value))
    {
      if (!lf_time_parse_size (json_node_get_string (value), &bytes, NULL))
        {
          report_error (ctx, path, "`%s` is not a size (use e.g. \"256KB\", \"1MB\" or a number of "
                 "bytes)", json_node_get_string (value));
          return FALSE;
        }
    }
  else if (!is_integer (value, &bytes))
    {
      type_error (ctx, path, "a size such as \"1MB\"", value);
      return FALSE;
    }
  return check_range (ctx, path, spec, (double) bytes, value);
}

static gboolean
check_dist (Ctx *ctx, const char *path, JsonNode *value)
{
  g_autoptr(GError) local_error = NULL;
  LfDist dist;

  if (lf_dist_parse (value, &dist, &local_error))
    return TRUE;
  report_error (ctx, path, "not a duration or distribution: %s",
         local_error != NULL ? local_error->message : "unknown error");
  return FALSE;
}

static gboolean
check_choice (Ctx *ctx, const char *path, const KeySpec *spec, JsonNode *value)
{
  g_auto(GStrv) choices = g_strsplit (spec->choices, "|", -1);
  g_autofree char *list = NULL;
  g_autofree char *hint = NULL;
  g_autofree char *rule = NULL;
  const char *text;

  if (!is_string (value))
    {
      type_error (ctx, path, "a string", value);
      return FALSE;
    }
  text = json_node_get_string (value);
  if (g_strv_contains ((const char *const *) choices, text))
    return TRUE;
  list = g_strjoinv (", ", choices);
  hint = did_you_mean (text, (const char *const *) choices);
  rule = rule_suffix (spec->rule);
  report_error (ctx, path, "unknown %s `%s`; expected one of %s%s%s", spec->key, text, list, rule,
                hint);
  return FALSE;
}

static gboolean check_value (Ctx *ctx, const char *path, const KeySpec *spec, JsonNode *value);

/* Arrays: of anything (K_ARRAY, at most `max` items), of strings or of integers */
static gboolean
check_array (Ctx *ctx, const char *path, const KeySpec *spec, JsonNode *value)
{
  KeySpec element = *spec;
  JsonArray *array;
  guint n;
  gboolean ok = TRUE;

  if (!JSON_NODE_HOLDS_ARRAY (value))
    {
      type_error (ctx, path, "an array", value);
      return FALSE;
    }
  array = json_node_get_array (value);
  n = json_array_get_length (array);
  if (spec->kind == K_ARRAY)
    {
      g_autofree char *rule = rule_suffix (spec->rule);

      if ((spec->flags & F_MAX) && n > spec->max)
        {
          report_error (ctx, path, "%u %s is out of range (at most %.15g)%s", n, spec->key, spec->max,
                 rule);
          return FALSE;
        }
      return TRUE;
    }
  element.kind = spec->kind == K_INTS ? K_INT : spec->choices != NULL ? K_ENUM : K_STRING;
  element.flags &= ~F_REQUIRED;
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *item_path = path_index (path, i);

      ok &= check_value (ctx, item_path, &element, json_array_get_element (array, i));
    }
  return ok;
}

/* TRUE when the value has the right type and is in range */
static gboolean
check_value (Ctx *ctx, const char *path, const KeySpec *spec, JsonNode *value)
{
  if (JSON_NODE_HOLDS_NULL (value))
    {
      if (!(spec->flags & F_REQUIRED))
        return TRUE;
      report_error (ctx, path, "`%s` must not be null", spec->key);
      return FALSE;
    }
  switch (spec->kind)
    {
    case K_ANY:
      return TRUE;
    case K_STRING:
      if (is_string (value))
        return TRUE;
      type_error (ctx, path, "a string", value);
      return FALSE;
    case K_BOOL:
      if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_BOOLEAN)
        return TRUE;
      type_error (ctx, path, "true or false", value);
      return FALSE;
    case K_OBJECT:
      if (JSON_NODE_HOLDS_OBJECT (value))
        return TRUE;
      type_error (ctx, path, "an object", value);
      return FALSE;
    case K_INT:      return check_int (ctx, path, spec, value);
    case K_NUMBER:   return check_number (ctx, path, spec, value);
    case K_DURATION: return check_duration (ctx, path, spec, value);
    case K_RATE:     return check_rate (ctx, path, spec, value);
    case K_SIZE:     return check_size (ctx, path, spec, value);
    case K_DIST:     return check_dist (ctx, path, value);
    case K_ENUM:     return check_choice (ctx, path, spec, value);
    case K_ARRAY:
    case K_STRINGS:
    case K_INTS:     return check_array (ctx, path, spec, value);
    default:
      g_assert_not_reached ();
    }
  return FALSE;
}

/* ---------------------------------------------------------------------------------------
 * Objects against tables
 */

typedef struct {
  const char    *applies_to;   /* "stream sources", "`slow` faults" */
  const KeySpec *keys;
} OtherKeys;

static const KeySpec *
find_spec (const KeySpec *const *tables, const char *key)
{
  for (guint t = 0; tables[t] != NULL; t++)
    for (const KeySpec *spec = tables[t]; spec->key != NULL; spec++)
      if (g_str_equal (spec->key, key))
        return spec;
  return NULL;
}

static GPtrArray *
table_keys (const KeySpec *const *tables)
{
  GPtrArray *keys = g_ptr_array_new ();

  for (guint t = 0; tables[t] != NULL; t++)
    for (const KeySpec *spec = tables[t]; spec->key != NULL; spec++)
      g_ptr_array_add (keys, (gpointer) spec->key);
  g_ptr_array_add (keys, NULL);
  return keys;
}

/* Keys known elsewhere get "applies only to …"; likely typos "did you mean"; others, added
 * freely as the format allows, nothing. */
static void
check_unknown_key (Ctx *ctx, const char *path, const char *key, const KeySpec *const *tables,
                   const OtherKeys *others)
{
  g_autoptr(GPtrArray) keys = NULL;
  const char *suggestion;

  for (guint i = 0; others != NULL && others[i].keys != NULL; i++)
    for (const KeySpec *spec = others[i].keys; spec->key != NULL; spec++)
      if (g_str_equal (spec->key, key))
        {
          report_warning (ctx, path, "`%s` applies only to %s; it is ignored here", key,
                   others[i].applies_to);
          return;
        }
  keys = table_keys (tables);
  suggestion = _lf_suggest (key, (const char *const *) keys->pdata);
  if (suggestion != NULL)
    report_warning (ctx, path, "unknown key `%s`; did you mean `%s`?", key, suggestion);
}

static void
check_members (Ctx *ctx, JsonObject *obj, const char *path, const KeySpec *const *tables,
               const OtherKeys *others)
{
  g_autoptr(GList) members = json_object_get_members (obj);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const KeySpec *spec = find_spec (tables, l->data);
      g_autofree char *member_path = path_key (path, l->data);

      if (spec != NULL)
        check_value (ctx, member_path, spec, json_object_get_member (obj, l->data));
      else
        check_unknown_key (ctx, member_path, l->data, tables, others);
    }
}

static void
check_required (Ctx *ctx, JsonObject *obj, const char *path, const KeySpec *const *tables)
{
  for (guint t = 0; tables[t] != NULL; t++)
    for (const KeySpec *spec = tables[t]; spec->key != NULL; spec++)
      if ((spec->flags & F_REQUIRED) && !json_object_has_member (obj, spec->key))
        {
          g_autofree char *member_path = path_key (path, spec->key);

          report_error (ctx, member_path, "missing required key `%s`", spec->key);
        }
}

static void
check_object (Ctx *ctx, JsonObject *obj, const char *path, const KeySpec *const *tables,
              const OtherKeys *others)
{
  check_required (ctx, obj, path, tables);
  check_members (ctx, obj, path, tables, others);
}

/* An array element must be an object: returns it, or reports it and returns NULL */
static JsonObject *
element_object (Ctx *ctx, JsonNode *element, const char *path)
{
  if (JSON_NODE_HOLDS_OBJECT (element))
    return json_node_get_object (element);
  type_error (ctx, path, "an object", element);
  return NULL;
}

static JsonArray *
root_array (Ctx *ctx, const char *key)
{
  JsonNode *node = json_object_get_member (ctx->scenario->root, key);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/* ---------------------------------------------------------------------------------------
 * References and ids
 */

static GPtrArray *
node_ids (Ctx *ctx)
{
  GPtrArray *ids = g_ptr_array_new ();

  for (guint i = 0; i < ctx->scenario->nodes->len; i++)
    {
      LfNode *node = g_ptr_array_index (ctx->scenario->nodes, i);

      if (node->id != NULL)
        g_ptr_array_add (ids, node->id);
    }
  g_ptr_array_add (ids, NULL);
  return ids;
}

/* An id that names no node: say so, with the closest node id */
static void
no_such_node (Ctx *ctx, const char *path, const char *id)
{
  g_autoptr(GPtrArray) ids = node_ids (ctx);
  g_autofree char *hint = did_you_mean (id, (const char *const *) ids->pdata);

  report_error (ctx, path, "no node has id `%s`%s", id, hint);
}

/* The node an object's string member names, reporting a dangling reference */
static LfNode *
resolve_node (Ctx *ctx, JsonObject *obj, const char *key, const char *path)
{
  JsonNode *value = json_object_get_member (obj, key);
  g_autofree char *member_path = NULL;
  LfNode *node;

  if (!is_string (value))
    return NULL;
  node = lf_scenario_find_node (ctx->scenario, json_node_get_string (value));
  if (node == NULL)
    {
      member_path = path_key (path, key);
      no_such_node (ctx, member_path, json_node_get_string (value));
    }
  return node;
}

gboolean
_lf_id_is_valid (const char *id)
{
  gsize length = strlen (id);

  if (length < 1 || length > 64)
    return FALSE;
  for (const char *p = id; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-')
      return FALSE;
  return TRUE;
}

static void
check_id (Ctx *ctx, GHashTable *seen, const char *id, const char *path)
{
  const char *first;

  if (id == NULL)
    return;
  if (!_lf_id_is_valid (id))
    report_error (ctx, path, "`%s` is not a valid id: use 1–64 letters, digits, `_` or `-` (no dots: "
           "--set splits ID.PROP on the first dot)", id);
  first = g_hash_table_lookup (seen, id);
  if (first != NULL)
    report_error (ctx, path, "duplicate id `%s`: already used by %s (ids are unique across nodes, "
           "edges, roles, workload and faults)", id, first);
  else
    g_hash_table_insert (seen, g_strdup (id), g_strdup (path));
}

static void
check_item_ids (Ctx *ctx, GHashTable *seen, const char *key)
{
  JsonArray *array = root_array (ctx, key);

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonNode *id;
      g_autofree char *path = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      id = json_object_get_member (json_node_get_object (element), "id");
      if (!is_string (id))
        continue;
      path = g_strdup_printf ("%s[%u].id", key, i);
      check_id (ctx, seen, json_node_get_string (id), path);
    }
}

static void
validate_ids (Ctx *ctx)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  LfScenario *self = ctx->scenario;

  for (guint i = 0; i < self->nodes->len; i++)
    {
      g_autofree char *path = g_strdup_printf ("nodes[%u].id", i);

      check_id (ctx, seen, ((LfNode *) g_ptr_array_index (self->nodes, i))->id, path);
    }
  for (guint i = 0; i < self->edges->len; i++)
    {
      g_autofree char *path = g_strdup_printf ("edges[%u].id", i);

      check_id (ctx, seen, ((LfEdge *) g_ptr_array_index (self->edges, i))->id, path);
    }
  for (guint i = 0; i < self->roles->len; i++)
    {
      g_autofree char *path = g_strdup_printf ("roles[%u].id", i);

      check_id (ctx, seen, ((LfRole *) g_ptr_array_index (self->roles, i))->id, path);
    }
  check_item_ids (ctx, seen, "workload");
  check_item_ids (ctx, seen, "faults");
}

/* ---------------------------------------------------------------------------------------
 * Top level and settings
 */

static void
validate_top_level (Ctx *ctx)
{
  const KeySpec *const tables[] = { top_level_keys, NULL };
  LfScenario *self = ctx->scenario;

  check_members (ctx, self->root, "", tables, NULL);
  if (!self->nodes_present && !json_object_has_member (self->root, "nodes"))
    report_error (ctx, "nodes", "missing required key `nodes`");
}

static void
validate_settings (Ctx *ctx)
{
  const KeySpec *const tables[] = { settings_keys, NULL };
  JsonNode *settings = json_object_get_member (ctx->scenario->root, "settings");

  if (settings != NULL && JSON_NODE_HOLDS_OBJECT (settings))
    check_object (ctx, json_node_get_object (settings), "settings", tables, NULL);
}

static gint64
account_concurrency (Ctx *ctx)
{
  JsonNode *settings = json_object_get_member (ctx->scenario->root, "settings");
  JsonObject *obj = settings != NULL && JSON_NODE_HOLDS_OBJECT (settings)
                    ? json_node_get_object (settings) : NULL;

  return lf_props_get_int (obj, "account_concurrency", LF_ACCOUNT_CONCURRENCY_DEFAULT);
}

/* ---------------------------------------------------------------------------------------
 * Nodes
 */

/* NULL-terminated lists of the names, built once */
static const char *const *
type_names (gsize *once, const char **names, guint n, const char *(*to_string) (guint))
{
  if (g_once_init_enter (once))
    {
      for (guint i = 1; i < n; i++)
        names[i - 1] = to_string (i);
      names[n - 1] = NULL;
      g_once_init_leave (once, 1);
    }
  return names;
}

static const char *
node_type_name (guint type)
{
  return lf_node_type_to_string ((LfNodeType) type);
}

static const char *
edge_type_name (guint type)
{
  return lf_edge_type_to_string ((LfEdgeType) type);
}

static const char *const *
node_type_names (void)
{
  static gsize once = 0;
  static const char *names[LF_N_NODE_TYPES];

  return type_names (&once, names, LF_N_NODE_TYPES, node_type_name);
}

static const char *const *
edge_type_names (void)
{
  static gsize once = 0;
  static const char *names[LF_N_EDGE_TYPES];

  return type_names (&once, names, LF_N_EDGE_TYPES, edge_type_name);
}

static void
unknown_type (Ctx *ctx, const char *path, const char *what, const char *text,
              const char *const *names)
{
  g_autofree char *hint = did_you_mean (text, names);
  g_autofree char *list = g_strjoinv (", ", (char **) names);

  report_error (ctx, path, "unknown %s `%s`; expected one of %s%s", what, text, list, hint);
}

/* For a node, edge or role: the element is an object; required typed keys are present;
 * keys with the wrong type and likely typos among the others. */
static gboolean
check_item_shape (Ctx *ctx, LfExtra *extra, const char *path, const KeySpec *keys,
                  const char *const *present)
{
  const KeySpec *const tables[] = { keys, NULL };
  guint i = 0;

  if (extra != NULL && extra->raw != NULL)
    {
      type_error (ctx, path, "an object", extra->raw);
      return FALSE;
    }
  for (const KeySpec *spec = keys; spec->key != NULL; spec++)
    if ((spec->flags & F_REQUIRED) && present[i++] == NULL
        && (extra == NULL || !json_object_has_member (extra->extra, spec->key)))
      {
        g_autofree char *member_path = path_key (path, spec->key);

        report_error (ctx, member_path, "missing required key `%s`", spec->key);
      }
  if (extra != NULL)
    check_members (ctx, extra->extra, path, tables, NULL);
  return TRUE;
}

/* APIGW-4: REST 29 s by default, up to 300 s after a quota increase; HTTP API at most 30 s */
static void
check_api_gateway (Ctx *ctx, LfNode *node, const char *path)
{
  gboolean http = g_strcmp0 (lf_props_get_string (node->props, "api_type", "rest"), "http") == 0;
  LfTime timeout;
  g_autofree char *member_path = path_key (path, "props.integration_timeout");
  g_autofree char *text = NULL;

  if (!lf_props_has (node->props, "integration_timeout"))
    return;
  timeout = lf_props_get_duration (node->props, "integration_timeout", LF_APIGW_REST_TIMEOUT_DEFAULT);
  text = _lf_json_value_to_text (json_object_get_member (node->props, "integration_timeout"));
  if (http && (timeout < LF_APIGW_TIMEOUT_MIN || timeout > LF_APIGW_HTTP_TIMEOUT_MAX))
    report_error (ctx, member_path, "integration_timeout %s is out of range for an HTTP API "
           "(50ms–30s) [APIGW-4]", text);
  else if (!http && (timeout < LF_APIGW_TIMEOUT_MIN || timeout > LF_APIGW_REST_TIMEOUT_MAX))
    report_error (ctx, member_path, "integration_timeout %s is out of range for a REST API "
           "(50ms–300s, above 29s only after a quota increase) [APIGW-4]", text);
  else if (!http && timeout > LF_APIGW_REST_TIMEOUT_DEFAULT)
    report_warning (ctx, member_path, "integration_timeout %s is above the REST API default of 29s; "
             "AWS allows it only after a Service Quotas increase [APIGW-4]", text);
}

static void
check_function_role (Ctx *ctx, LfNode *node, const char *path)
{
  const char *role = lf_props_get_string (node->props, "role", NULL);
  g_autofree char *member_path = NULL;

  if (role == NULL || lf_scenario_find_role (ctx->scenario, role) != NULL)
    return;
  member_path = path_key (path, "props.role");
  report_error (ctx, member_path, "no role has id `%s`", role);
}

/* LF_SCENARIO_COORDINATE_MAX (a format extension): a canvas position far away or not a
 * number leaves the canvas empty when fitted */
static void
check_coordinate (Ctx *ctx, const char *path, const char *key, double value)
{
  g_autofree char *member_path = NULL;

  if (isfinite (value) && fabs (value) <= LF_SCENARIO_COORDINATE_MAX)
    return;
  member_path = path_key (path, key);
  if (!isfinite (value))
    report_error (ctx, member_path, "%s is not a finite number; a canvas position is within "
                  "−1,000,000–1,000,000", key);
  else
    report_error (ctx, member_path, "%s %.15g is out of range (−1,000,000–1,000,000 canvas units)",
                  key, value);
}

static void
validate_node (Ctx *ctx, guint index, LfNode *node)
{
  LfExtra *extra = _lf_scenario_node_extra (ctx->scenario, node);
  g_autofree char *path = path_index ("nodes", index);
  g_autofree char *props_path = path_key (path, "props");
  const char *present[] = { node->id,
                            node->type != LF_NODE_UNKNOWN || (extra && extra->raw_type) ? "" : NULL };

  if (!check_item_shape (ctx, extra, path, node_keys, present))
    return;
  check_coordinate (ctx, path, "x", node->x);
  check_coordinate (ctx, path, "y", node->y);
  if (node->type == LF_NODE_UNKNOWN)
    {
      g_autofree char *type_path = path_key (path, "type");

      if (extra != NULL && extra->raw_type != NULL)
        unknown_type (ctx, type_path, "node type", extra->raw_type, node_type_names ());
      return;
    }
  check_object (ctx, node->props, props_path,
                (const KeySpec *const[]) { node_props[node->type], NULL }, NULL);
  if (node->type == LF_NODE_API_GATEWAY)
    check_api_gateway (ctx, node, path);
  if (node->type == LF_NODE_LAMBDA_FUNCTION)
    check_function_role (ctx, node, path);
}

/* CONC-2: reservations must leave 100 of the account's concurrency unreserved */
static void
validate_reserved_concurrency (Ctx *ctx)
{
  gint64 account = account_concurrency (ctx);
  gint64 reserved = 0;

  for (guint i = 0; i < ctx->scenario->nodes->len; i++)
    {
      LfNode *node = g_ptr_array_index (ctx->scenario->nodes, i);
      gint64 value;

      if (node->type != LF_NODE_LAMBDA_FUNCTION)
        continue;
      value = lf_props_get_int (node->props, "reserved_concurrency", -1);
      if (value <= 0)
        continue;
      reserved += value;
      if (account - reserved < LF_UNRESERVED_CONCURRENCY_MIN)
        {
          g_autofree char *path = g_strdup_printf ("nodes[%u].props.reserved_concurrency", i);

          report_error (ctx, path, "Specified ReservedConcurrentExecutions for function decreases "
                 "account's UnreservedConcurrentExecution below its minimum value of [%d]: "
                 "%" G_GINT64_FORMAT " of %" G_GINT64_FORMAT " reserved leaves %" G_GINT64_FORMAT
                 " [CONC-2]", LF_UNRESERVED_CONCURRENCY_MIN, reserved, account, account - reserved);
          return;
        }
    }
}

/* ---------------------------------------------------------------------------------------
 * Edges
 */

static gboolean
is_fifo (LfNode *node)
{
  return node != NULL && (node->type == LF_NODE_SQS_QUEUE || node->type == LF_NODE_SNS_TOPIC)
         && lf_props_get_bool (node->props, "fifo", FALSE);
}

static gboolean
is_stream (LfNode *node)
{
  return node != NULL
         && (node->type == LF_NODE_KINESIS_STREAM || node->type == LF_NODE_DYNAMODB_TABLE);
}

static char *
mask_text (guint mask)
{
  GString *text = g_string_new (NULL);
  guint count = 0, seen = 0;

  for (guint t = 1; t < LF_N_NODE_TYPES; t++)
    count += (mask & NT (t)) != 0;
  for (guint t = 1; t < LF_N_NODE_TYPES; t++)
    {
      if (!(mask & NT (t)))
        continue;
      if (seen > 0)
        g_string_append (text, seen + 1 == count ? " or " : ", ");
      g_string_append (text, lf_node_type_to_string ((LfNodeType) t));
      seen++;
    }
  return g_string_free (text, FALSE);
}

static guint
edge_rule_index (LfEdgeType type)
{
  for (guint i = 0; i < G_N_ELEMENTS (edge_rules); i++)
    if (edge_rules[i].type == type)
      return i;
  g_assert_not_reached ();
  return 0;
}

static void
check_edge_nodes (Ctx *ctx, LfEdge *edge, LfNode *from, LfNode *to, const char *path)
{
  guint r = edge_rule_index (edge->type);
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  g_autofree char *rule = NULL;

  if ((edge_rules[r].from & NT (from->type)) && (edge_rules[r].to & NT (to->type)))
    return;
  from_text = mask_text (edge_rules[r].from);
  to_text = mask_text (edge_rules[r].to);
  rule = rule_suffix (edge_rules[r].rule);
  report_error (ctx, path, "a `%s` edge cannot join %s `%s` to %s `%s`: it goes from %s to %s%s",
         lf_edge_type_to_string (edge->type), lf_node_type_to_string (from->type), from->id,
         lf_node_type_to_string (to->type), to->id, from_text, to_text, rule);
}

/* FIFO queues and topics where AWS refuses them (or accepts them and fails later) */
static void
check_fifo_target (Ctx *ctx, LfEdge *edge, LfNode *from, LfNode *to, const char *path)
{
  g_autofree char *to_path = path_key (path, "to");

  if (edge->type == LF_EDGE_NOTIFICATION && is_fifo (to))
    report_error (ctx, to_path, "an S3 notification cannot target the FIFO %s `%s`; route it through "
           "EventBridge [S3-5]", lf_node_type_to_string (to->type), to->id);
  else if (edge->type == LF_EDGE_DLQ && is_fifo (to))
    report_error (ctx, to_path, "a dead-letter queue must be a standard SQS queue or standard SNS "
           "topic; `%s` is FIFO [ASYNC-13]", to->id);
  else if ((edge->type == LF_EDGE_ON_SUCCESS || edge->type == LF_EDGE_ON_FAILURE) && is_fifo (to))
    report_warning (ctx, to_path, "AWS accepts the FIFO destination `%s` but every delivery to it fails "
             "at run time (DestinationDeliveryFailures) [ASYNC-10]", to->id);
  else if (edge->type == LF_EDGE_REDRIVE && from != NULL && is_fifo (from) != is_fifo (to))
    report_error (ctx, to_path, "the dead-letter queue of a %s queue must be a %s queue; `%s` is %s "
           "[SQS-11]", is_fifo (from) ? "FIFO" : "standard", is_fifo (from) ? "FIFO" : "standard",
           to->id, is_fifo (to) ? "FIFO" : "standard");
}

/* ESM-1, FIFO-1: batch_size by source */
static void
check_batch_size (Ctx *ctx, LfNode *source, JsonObject *props, const char *path)
{
  JsonNode *value = json_object_get_member (props, "batch_size");
  gint64 size;
  gint64 max = LF_ESM_BATCH_SIZE_MAX;
  const char *what = "an SQS queue", *rule = "ESM-1";
  g_autofree char *member_path = path_key (path, "props.batch_size");

  if (value == NULL || !is_integer (value, &size))
    return;
  if (source->type == LF_NODE_KINESIS_STREAM)
    what = "a Kinesis stream";
  else if (source->type == LF_NODE_DYNAMODB_TABLE)
    what = "a DynamoDB stream";
  else if (is_fifo (source))
    {
      what = "an SQS FIFO queue";
      max = LF_ESM_BATCH_SIZE_FIFO_MAX;
      rule = "FIFO-1";
    }
  if (size < 1 || size > max)
    report_error (ctx, member_path, "%" G_GINT64_FORMAT " is out of range for %s (1–%" G_GINT64_FORMAT
           ") [%s]", size, what, max, rule);
  else if (source->type == LF_NODE_SQS_QUEUE && size > 10
           && lf_props_get_duration (props, "batching_window", 0) < LF_SEC (1))
    report_error (ctx, member_path, "batch_size %" G_GINT64_FORMAT " needs batching_window ≥ 1s: "
           "Maximum batch window in seconds must be greater than 0 if maximum batch size is "
           "greater than 10 [ESM-2]", size);
}

/* KIN-4, DDB-1: where a stream starts */
static void
check_starting_position (Ctx *ctx, LfNode *source, JsonObject *props, const char *path)
{
  const char *position = lf_props_get_string (props, "starting_position", NULL);
  g_autofree char *member_path = path_key (path, "props.starting_position");
  g_autofree char *timestamp_path = path_key (path, "props.starting_position_timestamp");

  if (!lf_props_has (props, "starting_position"))
    report_error (ctx, member_path, "missing required key `starting_position` for a stream source "
           "(LATEST, TRIM_HORIZON%s) [KIN-4]",
           source->type == LF_NODE_KINESIS_STREAM ? " or AT_TIMESTAMP" : "");
  else if (g_strcmp0 (position, "AT_TIMESTAMP") != 0)
    return;
  else if (source->type == LF_NODE_DYNAMODB_TABLE)
    report_error (ctx, member_path, "AT_TIMESTAMP is not supported for a DynamoDB stream: Unsupported "
           "starting position for arn type [DDB-1]");
  else if (!lf_props_has (props, "starting_position_timestamp"))
    report_error (ctx, timestamp_path, "missing required key `starting_position_timestamp` for "
           "AT_TIMESTAMP [KIN-4]");
}

/* SQS-4: the function's timeout must not exceed the queue's visibility timeout */
static char *
visibility_problem (LfNode *queue, LfNode *function)
{
  LfTime timeout = lf_props_get_duration (function->props, "timeout", LF_FUNCTION_TIMEOUT_DEFAULT);
  LfTime visibility = lf_props_get_duration (queue->props, "visibility_timeout",
                                             LF_SQS_VISIBILITY_DEFAULT);
  g_autofree char *timeout_text = NULL;
  g_autofree char *visibility_text = NULL;

  if (timeout <= visibility)
    return NULL;
  timeout_text = g_strdup_printf ("%.15gs", timeout / 1e6);
  visibility_text = g_strdup_printf ("%.15gs", visibility / 1e6);
  return g_strdup_printf ("the timeout %s of function `%s` exceeds the visibility timeout %s of "
                          "queue `%s`; Lambda refuses the event source mapping [SQS-4]",
                          timeout_text, function->id, visibility_text, queue->id);
}

static void
check_visibility (Ctx *ctx, LfNode *queue, LfNode *function, const char *path)
{
  g_autofree char *message = visibility_problem (queue, function);

  if (message != NULL)
    report_error (ctx, path, "%s", message);
}

/* SQS-6: maximum_concurrency above the function's reserved concurrency throttles */
static void
check_maximum_concurrency (Ctx *ctx, LfNode *function, JsonObject *props, const char *path)
{
  gint64 maximum = lf_props_get_int (props, "maximum_concurrency", -1);
  gint64 reserved = lf_props_get_int (function->props, "reserved_concurrency", -1);
  g_autofree char *member_path = path_key (path, "props.maximum_concurrency");

  if (maximum > 0 && reserved >= 0 && maximum > reserved)
    report_warning (ctx, member_path, "maximum_concurrency %" G_GINT64_FORMAT " is above the reserved "
             "concurrency %" G_GINT64_FORMAT " of `%s`: the extra pollers are throttled [SQS-6]",
             maximum, reserved, function->id);
}

static void
check_esm_props (Ctx *ctx, LfEdge *edge, LfNode *source, const char *path)
{
  g_autofree char *props_path = path_key (path, "props");
  const OtherKeys stream_only[] = { { "stream sources (Kinesis, DynamoDB)", esm_stream_props },
                                    { NULL, NULL } };
  const OtherKeys sqs_only[] = { { "SQS sources", esm_sqs_props }, { NULL, NULL } };

  if (source == NULL)
    check_object (ctx, edge->props, props_path,
                  (const KeySpec *const[]) { esm_props, esm_stream_props, esm_sqs_props, NULL },
                  NULL);
  else if (is_stream (source))
    check_object (ctx, edge->props, props_path,
                  (const KeySpec *const[]) { esm_props, esm_stream_props, NULL }, sqs_only);
  else
    check_object (ctx, edge->props, props_path,
                  (const KeySpec *const[]) { esm_props, esm_sqs_props, NULL }, stream_only);
}

static void
check_esm (Ctx *ctx, LfEdge *edge, LfNode *source, LfNode *function, const char *path)
{
  if (source == NULL || function == NULL || function->type != LF_NODE_LAMBDA_FUNCTION)
    return;
  if (!(NT (source->type) & edge_rules[edge_rule_index (edge->type)].from))
    return;
  check_batch_size (ctx, source, edge->props, path);
  if (is_stream (source))
    check_starting_position (ctx, source, edge->props, path);
  else
    {
      check_visibility (ctx, source, function, path);
      check_maximum_concurrency (ctx, function, edge->props, path);
    }
}

/* on_success / on_failure whose `from` is an event source mapping's edge id [KIN-8] */
static void
check_esm_destination (Ctx *ctx, LfEdge *edge, LfEdge *esm, LfNode *to, const char *path)
{
  g_autofree char *from_path = path_key (path, "from");
  LfNode *source = esm->from != NULL ? lf_scenario_find_node (ctx->scenario, esm->from) : NULL;
  g_autofree char *targets = NULL;

  if (esm->type != LF_EDGE_EVENT_SOURCE_MAPPING)
    report_error (ctx, from_path, "`%s` is a `%s` edge; only an event_source_mapping edge has an "
           "on-failure destination", esm->id, lf_edge_type_to_string (esm->type));
  else if (edge->type == LF_EDGE_ON_SUCCESS)
    report_error (ctx, from_path, "an event source mapping has no on-success destination: Unsupported "
           "DestinationConfig parameter for given event source mapping type. [KIN-8]");
  else if (source != NULL && source->type == LF_NODE_SQS_QUEUE)
    report_error (ctx, from_path, "an SQS event source mapping has no on-failure destination; give "
           "queue `%s` a `redrive` edge to a dead-letter queue instead [SQS-11, ASYNC-14]",
           source->id);
  else if (to != NULL && !(ESM_ON_FAILURE_TO & NT (to->type)))
    {
      targets = mask_text (ESM_ON_FAILURE_TO);
      report_error (ctx, path, "the on-failure destination of an event source mapping is %s; `%s` is "
             "%s [KIN-8]", targets, to->id, lf_node_type_to_string (to->type));
    }
  else if (is_fifo (to))
    report_warning (ctx, path, "the on-failure destination `%s` is FIFO: deliveries to it fail at run "
             "time [KIN-8, ASYNC-10]", to->id);
}

static gboolean
check_edge_shape (Ctx *ctx, LfEdge *edge, LfExtra *extra, const char *path)
{
  const char *present[] = {
    edge->id, edge->type != LF_EDGE_UNKNOWN || (extra && extra->raw_type) ? "" : NULL,
    edge->from, edge->to
  };

  if (!check_item_shape (ctx, extra, path, edge_keys, present))
    return FALSE;
  if (edge->type == LF_EDGE_UNKNOWN && extra != NULL && extra->raw_type != NULL)
    {
      g_autofree char *type_path = path_key (path, "type");

      unknown_type (ctx, type_path, "edge type", extra->raw_type, edge_type_names ());
    }
  return edge->type != LF_EDGE_UNKNOWN;
}

/* The `from` of an edge: a node, or for on_success/on_failure perhaps an edge */
static LfNode *
resolve_from (Ctx *ctx, LfEdge *edge, const char *path, LfEdge **from_edge)
{
  g_autofree char *from_path = path_key (path, "from");
  LfNode *node;
  LfEdge *other;

  *from_edge = NULL;
  if (edge->from == NULL)
    return NULL;
  if ((node = lf_scenario_find_node (ctx->scenario, edge->from)) != NULL)
    return node;
  other = lf_scenario_find_edge (ctx->scenario, edge->from);
  if (other != NULL && (edge->type == LF_EDGE_ON_FAILURE || edge->type == LF_EDGE_ON_SUCCESS))
    *from_edge = other;
  else if (other != NULL)
    report_error (ctx, from_path, "`%s` is an edge; a `%s` edge starts at a node", edge->from,
           lf_edge_type_to_string (edge->type));
  else if (edge->type == LF_EDGE_ON_FAILURE || edge->type == LF_EDGE_ON_SUCCESS)
    report_error (ctx, from_path, "no node or event source mapping edge has id `%s`", edge->from);
  else
    no_such_node (ctx, from_path, edge->from);
  return NULL;
}

static void
validate_edge (Ctx *ctx, guint index, LfEdge *edge)
{
  LfExtra *extra = _lf_scenario_edge_extra (ctx->scenario, edge);
  g_autofree char *path = path_index ("edges", index);
  g_autofree char *props_path = path_key (path, "props");
  g_autofree char *to_path = path_key (path, "to");
  LfEdge *from_edge = NULL;
  LfNode *from, *to = NULL;

  if (!check_edge_shape (ctx, edge, extra, path))
    return;
  from = resolve_from (ctx, edge, path, &from_edge);
  if (edge->to != NULL && (to = lf_scenario_find_node (ctx->scenario, edge->to)) == NULL)
    no_such_node (ctx, to_path, edge->to);

  if (edge->type == LF_EDGE_EVENT_SOURCE_MAPPING)
    check_esm_props (ctx, edge, from, path);
  else
    check_object (ctx, edge->props, props_path,
                  (const KeySpec *const[]) { edge_props[edge->type], NULL }, NULL);

  if (from_edge != NULL)
    check_esm_destination (ctx, edge, from_edge, to, path);
  if (from == NULL || to == NULL || from->type == LF_NODE_UNKNOWN || to->type == LF_NODE_UNKNOWN)
    return;
  check_edge_nodes (ctx, edge, from, to, path);
  check_fifo_target (ctx, edge, from, to, path);
  if (edge->type == LF_EDGE_EVENT_SOURCE_MAPPING)
    check_esm (ctx, edge, from, to, path);
}

/* One DLQ, one destination of each kind, one redrive policy per source */
static void
validate_single_edges (Ctx *ctx)
{
  g_autoptr(GHashTable) first = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < ctx->scenario->edges->len; i++)
    {
      LfEdge *edge = g_ptr_array_index (ctx->scenario->edges, i);
      g_autofree char *key = NULL;
      g_autofree char *path = NULL;
      gpointer other;

      if (edge->from == NULL || (edge->type != LF_EDGE_DLQ && edge->type != LF_EDGE_ON_SUCCESS
                                 && edge->type != LF_EDGE_ON_FAILURE
                                 && edge->type != LF_EDGE_REDRIVE))
        continue;
      key = g_strdup_printf ("%d/%s", edge->type, edge->from);
      if (!g_hash_table_lookup_extended (first, key, NULL, &other))
        {
          g_hash_table_insert (first, g_steal_pointer (&key), GUINT_TO_POINTER (i));
          continue;
        }
      path = path_index ("edges", i);
      report_error (ctx, path, "`%s` already has a `%s` edge (edges[%u]); AWS keeps one [%s]",
             edge->from, lf_edge_type_to_string (edge->type), GPOINTER_TO_UINT (other),
             edge_rules[edge_rule_index (edge->type)].rule);
    }
}

/* ---------------------------------------------------------------------------------------
 * Roles and permissions
 */

static const char *const *
managed_policy_names (void)
{
  static gsize once = 0;
  static const char *names[G_N_ELEMENTS (managed_policies) + 1];

  if (g_once_init_enter (&once))
    {
      for (guint i = 0; i < G_N_ELEMENTS (managed_policies); i++)
        names[i] = managed_policies[i].name;
      g_once_init_leave (&once, 1);
    }
  return names;
}

static void
check_managed_policies (Ctx *ctx, LfRole *role, const char *path)
{
  for (guint i = 0; role->managed_policies != NULL && role->managed_policies[i] != NULL; i++)
    {
      const char *name = role->managed_policies[i];
      g_autofree char *item_path = NULL;
      g_autofree char *hint = NULL;

      if (g_strv_contains (managed_policy_names (), name))
        continue;
      item_path = g_strdup_printf ("%s.managed_policies[%u]", path, i);
      hint = did_you_mean (name, managed_policy_names ());
      report_warning (ctx, item_path, "unknown managed policy `%s`%s; it grants nothing here", name, hint);
    }
}

/* An allow array as written, when it held entries the model could not type */
static void
check_raw_allow (Ctx *ctx, JsonNode *allow, const char *path)
{
  const KeySpec *const tables[] = { allow_keys, NULL };
  g_autofree char *allow_path = path_key (path, "allow");
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (allow))
    return;   /* reported as a type error already */
  array = json_node_get_array (allow);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *item_path = path_index (allow_path, i);
      JsonObject *obj = element_object (ctx, json_array_get_element (array, i), item_path);

      if (obj != NULL)
        check_object (ctx, obj, item_path, tables, NULL);
    }
}

static void
validate_role (Ctx *ctx, guint index, LfRole *role)
{
  LfExtra *extra = _lf_scenario_role_extra (ctx->scenario, role);
  g_autofree char *path = path_index ("roles", index);
  const char *present[] = { role->id };
  JsonNode *raw_allow;

  if (!check_item_shape (ctx, extra, path, role_keys, present))
    return;
  check_managed_policies (ctx, role, path);
  raw_allow = extra != NULL ? json_object_get_member (extra->extra, "allow") : NULL;
  if (raw_allow != NULL)
    check_raw_allow (ctx, raw_allow, path);
  for (guint i = 0; role->allow != NULL && i < role->allow->len; i++)
    {
      LfAllow *allow = g_ptr_array_index (role->allow, i);
      g_autofree char *resource_path = g_strdup_printf ("%s.allow[%u].resource", path, i);

      if (allow->resource != NULL && !g_str_equal (allow->resource, "*")
          && lf_scenario_find_node (ctx->scenario, allow->resource) == NULL)
        no_such_node (ctx, resource_path, allow->resource);
    }
}

static gboolean
action_matches (const char *pattern, const char *action)
{
  const char *colon;

  if (g_str_equal (pattern, "*") || g_str_equal (pattern, action))
    return TRUE;
  colon = strchr (action, ':');
  return colon != NULL && g_str_has_suffix (pattern, ":*")
         && strlen (pattern) == (gsize) (colon - action) + 2
         && strncmp (pattern, action, (gsize) (colon - action)) == 0;
}

static gboolean
role_grants (LfRole *role, const char *action, const char *resource)
{
  for (guint i = 0; role->managed_policies != NULL && role->managed_policies[i] != NULL; i++)
    for (guint p = 0; p < G_N_ELEMENTS (managed_policies); p++)
      if (g_str_equal (role->managed_policies[i], managed_policies[p].name))
        {
          g_auto(GStrv) actions = g_strsplit (managed_policies[p].actions, " ", -1);

          if (g_strv_contains ((const char *const *) actions, action))
            return TRUE;
        }
  for (guint i = 0; role->allow != NULL && i < role->allow->len; i++)
    {
      LfAllow *allow = g_ptr_array_index (role->allow, i);

      if (allow->action != NULL && allow->resource != NULL
          && action_matches (allow->action, action)
          && (g_str_equal (allow->resource, "*") || g_str_equal (allow->resource, resource)))
        return TRUE;
    }
  return FALSE;
}

/* Warn when `function`'s named role lacks any of `actions` on `resource` */
static void
check_grants (Ctx *ctx, LfNode *function, LfNode *resource, const char *actions,
              guint edge_index, const char *consequence)
{
  const char *role_id = lf_props_get_string (function->props, "role", NULL);
  LfRole *role = role_id != NULL ? lf_scenario_find_role (ctx->scenario, role_id) : NULL;
  g_auto(GStrv) needed = NULL;
  g_autoptr(GPtrArray) missing = NULL;
  g_autofree char *list = NULL;
  g_autofree char *path = NULL;

  if (role == NULL || actions == NULL || resource == NULL || resource->id == NULL)
    return;
  needed = g_strsplit (actions, " ", -1);
  missing = g_ptr_array_new ();
  for (guint i = 0; needed[i] != NULL; i++)
    if (!role_grants (role, needed[i], resource->id))
      g_ptr_array_add (missing, needed[i]);
  if (missing->len == 0)
    return;
  g_ptr_array_add (missing, NULL);
  list = g_strjoinv (", ", (char **) missing->pdata);
  path = path_index ("edges", edge_index);
  report_warning (ctx, path, "role `%s` of function `%s` lacks %s on `%s`: %s", role->id, function->id,
           list, resource->id, consequence);
}

static const char *
write_consequence (LfEdgeType type)
{
  switch (type)
    {
    case LF_EDGE_DLQ:
      return "sends to the DLQ are denied and the events lost (DeadLetterErrors) [ASYNC-13]";
    case LF_EDGE_ON_SUCCESS:
    case LF_EDGE_ON_FAILURE:
      return "deliveries fail (DestinationDeliveryFailures) [ASYNC-10]";
    default:
      return "its writes are denied";
    }
}

static LfNode *
find_function (Ctx *ctx, const char *id)
{
  LfNode *node = id != NULL ? lf_scenario_find_node (ctx->scenario, id) : NULL;

  return node != NULL && node->type == LF_NODE_LAMBDA_FUNCTION ? node : NULL;
}

static void
validate_permissions (Ctx *ctx)
{
  LfScenario *self = ctx->scenario;

  for (guint i = 0; i < self->edges->len; i++)
    {
      LfEdge *edge = g_ptr_array_index (self->edges, i);
      LfNode *from = edge->from != NULL ? lf_scenario_find_node (self, edge->from) : NULL;
      LfNode *to = edge->to != NULL ? lf_scenario_find_node (self, edge->to) : NULL;
      LfEdge *esm = edge->from != NULL ? lf_scenario_find_edge (self, edge->from) : NULL;

      if (from == NULL && esm != NULL && esm->type == LF_EDGE_EVENT_SOURCE_MAPPING
          && edge->type == LF_EDGE_ON_FAILURE && to != NULL)
        check_grants (ctx, find_function (ctx, esm->to), to, write_actions[to->type], i,
                      "on-failure records are lost [KIN-8]");
      if (from == NULL || to == NULL)
        continue;
      if (edge->type == LF_EDGE_EVENT_SOURCE_MAPPING && find_function (ctx, edge->to) != NULL)
        check_grants (ctx, to, from, read_actions[from->type], i,
                      "the event source mapping cannot poll and invokes nothing");
      else if ((edge->type == LF_EDGE_DLQ || edge->type == LF_EDGE_ON_SUCCESS
                || edge->type == LF_EDGE_ON_FAILURE || edge->type == LF_EDGE_SENDS)
               && from->type == LF_NODE_LAMBDA_FUNCTION)
        check_grants (ctx, from, to, write_actions[to->type], i, write_consequence (edge->type));
    }
}

/* ---------------------------------------------------------------------------------------
 * Connection rules for the designer: the same tables, asked about an edge not yet made
 */

/* "an" before a type name that sounds like a vowel: alb, api_gateway, eventbridge_bus, and
 * the spelt-out s3_bucket, sns_topic and sqs_queue */
static const char *
article (const char *word)
{
  return word != NULL && word[0] != '\0' && strchr ("aeios", word[0]) != NULL ? "an" : "a";
}

static gboolean
has_edge (LfScenario *self, LfEdgeType type, const char *from, const char *to)
{
  for (guint i = 0; i < self->edges->len; i++)
    {
      LfEdge *edge = g_ptr_array_index (self->edges, i);

      if (edge->type == type && g_strcmp0 (edge->from, from) == 0
          && (to == NULL || g_strcmp0 (edge->to, to) == 0))
        return TRUE;
    }
  return FALSE;
}

static const char *
fifo_name (LfNode *node)
{
  return node->type == LF_NODE_SQS_QUEUE ? "an SQS FIFO queue" : "an SNS FIFO topic";
}

LfEdgeLegality
_lf_edge_legality (LfScenario *self,
                   LfEdgeType  type,
                   LfNode     *from,
                   LfEdge     *from_edge,
                   LfNode     *to,
                   char      **why_not)
{
  const char *tname = lf_edge_type_to_string (type);
  const char *from_id = from != NULL ? from->id : from_edge->id;
  guint r;

  g_return_val_if_fail (type > LF_EDGE_UNKNOWN && type < LF_N_EDGE_TYPES, LF_EDGE_WRONG_NODES);
  g_return_val_if_fail ((from != NULL) != (from_edge != NULL) && to != NULL, LF_EDGE_WRONG_NODES);

#define REFUSE(kind, ...) \
  G_STMT_START { if (why_not != NULL) *why_not = g_strdup_printf (__VA_ARGS__); return kind; } G_STMT_END

  if (from_edge != NULL)
    {
      LfNode *source = from_edge->from != NULL ? lf_scenario_find_node (self, from_edge->from) : NULL;
      g_autofree char *targets = mask_text (ESM_ON_FAILURE_TO);

      if (from_edge->type != LF_EDGE_EVENT_SOURCE_MAPPING)
        REFUSE (LF_EDGE_WRONG_NODES, "`%s` is a `%s` edge; only an event source mapping has an "
                "on-failure destination [KIN-8]", from_edge->id,
                lf_edge_type_to_string (from_edge->type));
      if (type == LF_EDGE_ON_SUCCESS)
        REFUSE (LF_EDGE_WRONG_NODES, "an event source mapping has no on-success destination [KIN-8]");
      if (type != LF_EDGE_ON_FAILURE)
        REFUSE (LF_EDGE_WRONG_NODES, "an event source mapping's edge takes only an on_failure "
                "destination; a `%s` edge starts at a node [KIN-8]", tname);
      if (source != NULL && source->type == LF_NODE_SQS_QUEUE)
        REFUSE (LF_EDGE_REFUSED, "an SQS event source mapping has no on-failure destination; give "
                "queue `%s` a redrive edge to a dead-letter queue instead [SQS-11, ASYNC-14]",
                source->id);
      if (!(ESM_ON_FAILURE_TO & NT (to->type)))
        REFUSE (LF_EDGE_WRONG_NODES, "the on-failure destination of an event source mapping is %s; "
                "`%s` is %s %s [KIN-8]", targets, to->id, article (lf_node_type_to_string (to->type)),
                lf_node_type_to_string (to->type));
      if (has_edge (self, type, from_id, NULL))
        REFUSE (LF_EDGE_REFUSED, "`%s` already has an on_failure destination; AWS keeps one [KIN-8]",
                from_id);
      return LF_EDGE_LEGAL;
    }

  r = edge_rule_index (type);
  if (from->type == LF_NODE_UNKNOWN || to->type == LF_NODE_UNKNOWN
      || !(edge_rules[r].from & NT (from->type)) || !(edge_rules[r].to & NT (to->type)))
    {
      g_autofree char *from_text = mask_text (edge_rules[r].from);
      g_autofree char *to_text = mask_text (edge_rules[r].to);
      g_autofree char *rule = rule_suffix (edge_rules[r].rule);

      REFUSE (LF_EDGE_WRONG_NODES, "a `%s` edge goes from %s to %s%s", tname, from_text, to_text,
              rule);
    }
  if (type == LF_EDGE_NOTIFICATION && is_fifo (to))
    REFUSE (LF_EDGE_REFUSED, "%s cannot receive S3 notifications; route them through EventBridge "
            "[S3-5]", fifo_name (to));
  if (type == LF_EDGE_DLQ && is_fifo (to))
    REFUSE (LF_EDGE_REFUSED, "a DLQ must be a standard queue or topic; `%s` is FIFO [ASYNC-13]",
            to->id);
  if (type == LF_EDGE_REDRIVE && is_fifo (from) != is_fifo (to))
    REFUSE (LF_EDGE_REFUSED, "the dead-letter queue of a %s queue must be a %s queue; `%s` is %s "
            "[SQS-11]", is_fifo (from) ? "FIFO" : "standard", is_fifo (from) ? "FIFO" : "standard",
            to->id, is_fifo (to) ? "FIFO" : "standard");
  if ((type == LF_EDGE_DLQ || type == LF_EDGE_ON_SUCCESS || type == LF_EDGE_ON_FAILURE
       || type == LF_EDGE_REDRIVE)
      && has_edge (self, type, from_id, NULL))
    REFUSE (LF_EDGE_REFUSED, "`%s` already has a `%s` edge; AWS keeps one [%s]", from_id, tname,
            edge_rules[r].rule);
  if (type == LF_EDGE_EVENT_SOURCE_MAPPING && from->type == LF_NODE_SQS_QUEUE)
    {
      char *message = visibility_problem (from, to);

      if (message != NULL)
        {
          if (why_not != NULL)
            *why_not = message;
          else
            g_free (message);
          return LF_EDGE_REFUSED;
        }
    }
  if (has_edge (self, type, from_id, to->id))
    REFUSE (LF_EDGE_REFUSED, "`%s` and `%s` are already joined by a `%s` edge", from_id, to->id,
            tname);
#undef REFUSE
  return LF_EDGE_LEGAL;
}

char *
_lf_edge_none_between (LfNode *from, LfNode *to)
{
  GString *text;
  const char *from_type, *to_type;
  guint n = 0;

  g_return_val_if_fail (from != NULL && to != NULL, NULL);

  from_type = lf_node_type_to_string (from->type);
  to_type = lf_node_type_to_string (to->type);
  text = g_string_new (NULL);
  g_string_append_printf (text, "no edge joins %s %s to %s %s: %s %s connects ",
                          article (from_type), from_type, article (to_type), to_type,
                          article (from_type), from_type);
  for (guint r = 0; r < G_N_ELEMENTS (edge_rules); r++)
    {
      g_autofree char *to_text = NULL;
      g_autofree char *rule = NULL;

      if (from->type == LF_NODE_UNKNOWN || !(edge_rules[r].from & NT (from->type)))
        continue;
      to_text = mask_text (edge_rules[r].to);
      rule = rule_suffix (edge_rules[r].rule);
      g_string_append_printf (text, "%sto %s by `%s`%s", n++ > 0 ? "; " : "", to_text,
                              lf_edge_type_to_string (edge_rules[r].type), rule);
    }
  if (n == 0)
    g_string_append (text, "to nothing");
  return g_string_free (text, FALSE);
}

gboolean
_lf_role_grants (LfRole *role, const char *action, const char *resource)
{
  return role_grants (role, action, resource);
}

/* The managed policy that grants every one of `actions` */
static const char *
managed_policy_granting (const char *actions)
{
  g_auto(GStrv) needed = g_strsplit (actions, " ", -1);

  for (guint p = 0; p < G_N_ELEMENTS (managed_policies); p++)
    {
      g_auto(GStrv) granted = g_strsplit (managed_policies[p].actions, " ", -1);
      gboolean all = TRUE;

      for (guint i = 0; needed[i] != NULL && all; i++)
        all = g_strv_contains ((const char *const *) granted, needed[i]);
      if (all)
        return managed_policies[p].name;
    }
  return NULL;
}

gboolean
_lf_edge_needs (LfScenario  *self,
                LfEdge      *edge,
                LfNode     **function,
                const char **actions,
                const char **managed,
                const char **resource)
{
  LfNode *from = edge->from != NULL ? lf_scenario_find_node (self, edge->from) : NULL;
  LfNode *to = edge->to != NULL ? lf_scenario_find_node (self, edge->to) : NULL;
  LfEdge *esm = from == NULL && edge->from != NULL ? lf_scenario_find_edge (self, edge->from) : NULL;
  LfNode *fn = NULL, *res = NULL;
  const char *needed = NULL;

  if (to == NULL)
    return FALSE;
  if (edge->type == LF_EDGE_EVENT_SOURCE_MAPPING && from != NULL
      && to->type == LF_NODE_LAMBDA_FUNCTION)
    fn = to, res = from, needed = read_actions[from->type];
  else if (esm != NULL && esm->type == LF_EDGE_EVENT_SOURCE_MAPPING
           && edge->type == LF_EDGE_ON_FAILURE && esm->to != NULL)
    {
      fn = lf_scenario_find_node (self, esm->to);
      res = to, needed = write_actions[to->type];
    }
  else if (from != NULL && from->type == LF_NODE_LAMBDA_FUNCTION
           && (edge->type == LF_EDGE_DLQ || edge->type == LF_EDGE_ON_SUCCESS
               || edge->type == LF_EDGE_ON_FAILURE || edge->type == LF_EDGE_SENDS))
    fn = from, res = to, needed = write_actions[to->type];
  if (fn == NULL || fn->type != LF_NODE_LAMBDA_FUNCTION || needed == NULL)
    return FALSE;
  *function = fn;
  *actions = needed;
  *managed = edge->type == LF_EDGE_EVENT_SOURCE_MAPPING ? managed_policy_granting (needed) : NULL;
  *resource = res->id;
  return TRUE;
}

/* ---------------------------------------------------------------------------------------
 * Workload, faults, walkthrough
 */

static void
check_workload_targets (Ctx *ctx, JsonObject *item, LfNode *target, const char *path)
{
  for (guint k = 0; k < G_N_ELEMENTS (workload_target_keys); k++)
    {
      g_autofree char *member_path = NULL;
      g_autofree char *targets = NULL;

      if (!json_object_has_member (item, workload_target_keys[k].key)
          || (workload_target_keys[k].targets & NT (target->type)))
        continue;
      member_path = path_key (path, workload_target_keys[k].key);
      targets = mask_text (workload_target_keys[k].targets);
      report_warning (ctx, member_path, "`%s` applies only to %s targets; `%s` is %s, so it is ignored",
               workload_target_keys[k].key, targets, target->id,
               lf_node_type_to_string (target->type));
    }
}

static void
validate_workload_item (Ctx *ctx, JsonObject *item, const char *path)
{
  const KeySpec *const tables[] = { workload_keys, NULL };
  g_autofree char *count_path = path_key (path, "count");
  g_autofree char *stop_path = path_key (path, "stop");
  LfNode *target;

  check_object (ctx, item, path, tables, NULL);
  if ((target = resolve_node (ctx, item, "target", path)) != NULL)
    check_workload_targets (ctx, item, target, path);
  if (!lf_props_has (item, "rate") && !lf_props_has (item, "count"))
    report_error (ctx, path, "a workload item needs `rate` or `count` (or both)");
  else if (g_strcmp0 (lf_props_get_string (item, "arrival", NULL), "burst") == 0
           && !lf_props_has (item, "count"))
    report_error (ctx, count_path, "missing required key `count` for arrival `burst`");
  if (lf_props_has (item, "stop")
      && lf_props_get_duration (item, "stop", 0) <= lf_props_get_duration (item, "start", 0))
    report_error (ctx, stop_path, "stop must come after start");
}

static void
validate_workload (Ctx *ctx)
{
  JsonArray *array = root_array (ctx, "workload");

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autofree char *path = path_index ("workload", i);
      JsonObject *item = element_object (ctx, json_array_get_element (array, i), path);

      if (item != NULL)
        validate_workload_item (ctx, item, path);
    }
}

static int
fault_kind_index (const char *kind)
{
  for (guint k = 0; kind != NULL && k < G_N_ELEMENTS (fault_kinds); k++)
    if (g_str_equal (fault_kinds[k].kind, kind))
      return (int) k;
  return -1;
}

static const char *const *
fault_kind_names (void)
{
  static gsize once = 0;
  static const char *names[G_N_ELEMENTS (fault_kinds) + 1];

  if (g_once_init_enter (&once))
    {
      for (guint k = 0; k < G_N_ELEMENTS (fault_kinds); k++)
        names[k] = fault_kinds[k].kind;
      g_once_init_leave (&once, 1);
    }
  return names;
}

/* The keys of the other kinds, so that `factor` on an `error` fault says where it belongs */
static OtherKeys *
other_fault_keys (int kind)
{
  OtherKeys *others = g_new0 (OtherKeys, G_N_ELEMENTS (fault_kinds) + 1);
  guint n = 0;

  for (guint k = 0; k < G_N_ELEMENTS (fault_kinds); k++)
    if ((int) k != kind && fault_kinds[k].keys[0].key != NULL)
      {
        others[n].applies_to = fault_kinds[k].kind;
        others[n++].keys = fault_kinds[k].keys;
      }
  return others;
}

static void
check_fault_match (Ctx *ctx, JsonObject *fault, const char *path)
{
  const KeySpec *const tables[] = { match_keys, NULL };
  g_autofree char *match_path = path_key (path, "match");
  JsonNode *match = json_object_get_member (fault, "match");

  if (match == NULL || !JSON_NODE_HOLDS_OBJECT (match))
    return;
  check_object (ctx, json_node_get_object (match), match_path, tables, NULL);
  if (json_object_get_size (json_node_get_object (match)) == 0)
    report_error (ctx, match_path, "`match` needs one of partition_key, message_group, key or index");
}

static void
check_fault_target (Ctx *ctx, JsonObject *fault, int kind, const char *path)
{
  LfNode *target = resolve_node (ctx, fault, "target", path);
  g_autofree char *target_path = path_key (path, "target");
  g_autofree char *targets = NULL;

  if (target == NULL || kind < 0 || (fault_kinds[kind].targets & NT (target->type)))
    return;
  targets = mask_text (fault_kinds[kind].targets);
  report_error (ctx, target_path, "a `%s` fault targets %s; `%s` is %s", fault_kinds[kind].kind,
         targets, target->id, lf_node_type_to_string (target->type));
}

static void
validate_fault (Ctx *ctx, JsonObject *fault, const char *path)
{
  const char *kind_text = lf_props_get_string (fault, "kind", NULL);
  int kind = fault_kind_index (kind_text);
  g_autofree OtherKeys *others = other_fault_keys (kind);
  g_autofree char *kind_path = path_key (path, "kind");

  if (kind_text != NULL && kind < 0)
    unknown_type (ctx, kind_path, "fault kind", kind_text, fault_kind_names ());
  if (kind >= 0)
    check_object (ctx, fault, path,
                  (const KeySpec *const[]) { fault_keys, fault_kinds[kind].keys, NULL }, others);
  else
    check_object (ctx, fault, path, (const KeySpec *const[]) { fault_keys, NULL }, others);
  check_fault_target (ctx, fault, kind, path);
  check_fault_match (ctx, fault, path);
}

static void
validate_faults (Ctx *ctx)
{
  JsonArray *array = root_array (ctx, "faults");

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autofree char *path = path_index ("faults", i);
      JsonObject *fault = element_object (ctx, json_array_get_element (array, i), path);

      if (fault != NULL)
        validate_fault (ctx, fault, path);
    }
}

/* A node or edge id named by a walkthrough step */
static void
check_step_ref (Ctx *ctx, const char *id, const char *path)
{
  if (lf_scenario_find_node (ctx->scenario, id) == NULL
      && lf_scenario_find_edge (ctx->scenario, id) == NULL)
    no_such_node (ctx, path, id);
}

static void
check_step_refs (Ctx *ctx, JsonObject *step, const char *path)
{
  JsonNode *highlight = json_object_get_member (step, "highlight");
  JsonNode *until = json_object_get_member (step, "until");
  const char *focus = lf_props_get_string (step, "focus", NULL);
  g_autofree char *focus_path = path_key (path, "focus");
  g_autofree char *until_path = path_key (path, "until");

  if (focus != NULL)
    check_step_ref (ctx, focus, focus_path);
  for (guint i = 0; highlight != NULL && JSON_NODE_HOLDS_ARRAY (highlight)
                    && i < json_array_get_length (json_node_get_array (highlight)); i++)
    {
      JsonNode *element = json_array_get_element (json_node_get_array (highlight), i);
      g_autofree char *item_path = g_strdup_printf ("%s.highlight[%u]", path, i);

      if (is_string (element))
        check_step_ref (ctx, json_node_get_string (element), item_path);
    }
  if (until == NULL || JSON_NODE_HOLDS_NULL (until))
    return;
  if (JSON_NODE_HOLDS_OBJECT (until))
    {
      const char *node = lf_props_get_string (json_node_get_object (until), "node", NULL);
      g_autofree char *node_path = path_key (until_path, "node");

      check_object (ctx, json_node_get_object (until), until_path,
                    (const KeySpec *const[]) { until_keys, NULL }, NULL);
      if (node != NULL)
        check_step_ref (ctx, node, node_path);
    }
  else if (!is_string (until) || !g_str_equal (json_node_get_string (until), "user"))
    type_error (ctx, until_path, "\"user\" or an object {\"kind\": …, \"node\": …}", until);
}

static void
validate_walkthrough (Ctx *ctx)
{
  JsonNode *walkthrough = json_object_get_member (ctx->scenario->root, "walkthrough");
  JsonNode *steps;
  JsonArray *array;

  if (walkthrough == NULL || !JSON_NODE_HOLDS_OBJECT (walkthrough))
    return;
  check_object (ctx, json_node_get_object (walkthrough), "walkthrough",
                (const KeySpec *const[]) { walkthrough_keys, NULL }, NULL);
  steps = json_object_get_member (json_node_get_object (walkthrough), "steps");
  if (steps == NULL || !JSON_NODE_HOLDS_ARRAY (steps))
    return;
  array = json_node_get_array (steps);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *path = g_strdup_printf ("walkthrough.steps[%u]", i);
      JsonObject *step = element_object (ctx, json_array_get_element (array, i), path);

      if (step == NULL)
        continue;
      check_object (ctx, step, path, (const KeySpec *const[]) { step_keys, NULL }, NULL);
      check_step_refs (ctx, step, path);
    }
}

/* ---------------------------------------------------------------------------------------
 * Entry points
 */

GPtrArray *
lf_scenario_validate (LfScenario *self)
{
  Ctx ctx = { self, NULL };

  g_return_val_if_fail (LF_IS_SCENARIO (self), NULL);

  ctx.problems = g_ptr_array_new_with_free_func ((GDestroyNotify) lf_problem_free);
  validate_top_level (&ctx);
  validate_settings (&ctx);
  validate_ids (&ctx);
  for (guint i = 0; i < self->nodes->len; i++)
    validate_node (&ctx, i, g_ptr_array_index (self->nodes, i));
  validate_reserved_concurrency (&ctx);
  for (guint i = 0; i < self->edges->len; i++)
    validate_edge (&ctx, i, g_ptr_array_index (self->edges, i));
  validate_single_edges (&ctx);
  for (guint i = 0; i < self->roles->len; i++)
    validate_role (&ctx, i, g_ptr_array_index (self->roles, i));
  validate_permissions (&ctx);
  validate_workload (&ctx);
  validate_faults (&ctx);
  validate_walkthrough (&ctx);
  return ctx.problems;
}

static GStrv
keys_to_strv (const KeySpec *const *tables, const char *skip)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint t = 0; tables[t] != NULL; t++)
    for (const KeySpec *spec = tables[t]; spec->key != NULL; spec++)
      if (skip == NULL || !g_str_equal (spec->key, skip))
        g_strv_builder_add (builder, spec->key);
  return g_strv_builder_end (builder);
}

GStrv
_lf_scenario_node_keys (LfNode *node)
{
  const KeySpec *table = (guint) node->type < LF_N_NODE_TYPES && node_props[node->type] != NULL
                         ? node_props[node->type] : no_props;

  return keys_to_strv ((const KeySpec *const[]) { table, NULL }, NULL);
}

GStrv
_lf_scenario_edge_keys (LfScenario *self, LfEdge *edge)
{
  LfNode *source;

  if ((guint) edge->type >= LF_N_EDGE_TYPES || edge_props[edge->type] == NULL)
    return keys_to_strv ((const KeySpec *const[]) { no_props, NULL }, NULL);
  if (edge->type != LF_EDGE_EVENT_SOURCE_MAPPING)
    return keys_to_strv ((const KeySpec *const[]) { edge_props[edge->type], NULL }, NULL);
  source = edge->from != NULL ? lf_scenario_find_node (self, edge->from) : NULL;
  if (source != NULL && is_stream (source))
    return keys_to_strv ((const KeySpec *const[]) { esm_props, esm_stream_props, NULL }, NULL);
  if (source != NULL && source->type == LF_NODE_SQS_QUEUE)
    return keys_to_strv ((const KeySpec *const[]) { esm_props, esm_sqs_props, NULL }, NULL);
  return keys_to_strv ((const KeySpec *const[]) { esm_props, esm_stream_props, esm_sqs_props,
                                                  NULL }, NULL);
}

GStrv
_lf_scenario_workload_keys (void)
{
  return keys_to_strv ((const KeySpec *const[]) { workload_keys, NULL }, "id");
}

GStrv
_lf_scenario_fault_keys (JsonObject *fault)
{
  int kind = fault_kind_index (lf_props_get_string (fault, "kind", NULL));

  if (kind < 0)
    return keys_to_strv ((const KeySpec *const[]) { fault_keys, NULL }, "id");
  return keys_to_strv ((const KeySpec *const[]) { fault_keys, fault_kinds[kind].keys, NULL }, "id");
}

GStrv
_lf_scenario_settings_keys (void)
{
  return keys_to_strv ((const KeySpec *const[]) { settings_keys, NULL }, NULL);
}

/* ---------------------------------------------------------------------------------------
 * Suggestions: edit distance on lower-case text without `_` and `-`, so that `batchSize`
 * and `batchsize` both find `batch_size`.
 */

static char *
normalize_word (const char *word)
{
  GString *out = g_string_new (NULL);

  for (const char *p = word; *p != '\0'; p++)
    if (*p != '_' && *p != '-' && *p != ' ')
      g_string_append_c (out, g_ascii_tolower (*p));
  return g_string_free (out, FALSE);
}

static guint
edit_distance (const char *a, const char *b)
{
  gsize la = strlen (a), lb = strlen (b);
  g_autofree guint *row = g_new (guint, lb + 1);

  for (gsize j = 0; j <= lb; j++)
    row[j] = (guint) j;
  for (gsize i = 1; i <= la; i++)
    {
      guint diagonal = row[0];

      row[0] = (guint) i;
      for (gsize j = 1; j <= lb; j++)
        {
          guint above = row[j];
          guint cost = a[i - 1] == b[j - 1] ? 0 : 1;

          row[j] = MIN (MIN (row[j] + 1, row[j - 1] + 1), diagonal + cost);
          diagonal = above;
        }
    }
  return row[lb];
}

const char *
_lf_suggest (const char        *word,
             const char *const *candidates)
{
  g_autofree char *norm = NULL;
  const char *best = NULL;
  guint best_distance = G_MAXUINT, limit;

  if (word == NULL || candidates == NULL || strlen (word) > 64)
    return NULL;
  norm = normalize_word (word);
  limit = strlen (norm) <= 4 ? 1 : strlen (norm) <= 8 ? 2 : 3;
  for (guint i = 0; candidates[i] != NULL; i++)
    {
      g_autofree char *other = normalize_word (candidates[i]);
      guint distance;

      if (g_str_equal (word, candidates[i]))
        continue;
      distance = edit_distance (norm, other);
      if (distance < best_distance)
        {
          best_distance = distance;
          best = candidates[i];
        }
    }
  return best_distance <= limit ? best : NULL;
}
