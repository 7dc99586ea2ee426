/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The inspector: one row per prop of the selected node or edge, bounded by AWS's ranges
 * (lf-aws-limits.h), each change applied at once through lf_session_set_value; a refused
 * value shows the simulation's error under the row, is emitted as "value-refused" (the
 * window shows a toast) and the row reverts. Below, the node's live metrics, refreshed on
 * "advanced" at most ten times a second and only while the inspector is mapped. */

#include "lf-inspector.h"

#include <string.h>

#include <adwaita.h>

#include "lf-aws-limits.h"

/* How often the live metrics refresh at most (µs of wall time). */
#define REFRESH_INTERVAL_US 100000

typedef enum {
  P_INT,        /* an integer */
  P_DURATION,   /* a duration shown in `unit` ("s", "ms", "h") */
  P_BOOL,
  P_ENUM,       /* one of `choices` */
  P_TEXT,       /* shown as JSON text, read only */
  P_NUMBER,     /* a fraction, two decimals */
} PropKind;

typedef enum {
  F_READONLY = 1 << 0,   /* changes mid-run are not meaningful (fifo, shards) */
  F_OPTIONAL = 1 << 1,   /* absent means "none": `min - 1` on the spin button */
  F_STREAM   = 1 << 2,   /* event source mappings from Kinesis / DynamoDB only */
  F_SQS      = 1 << 3,   /* event source mappings from SQS only */
  F_ACCOUNT  = 1 << 4,   /* max is the account concurrency */
  F_BATCH    = 1 << 5,   /* max depends on the source (FIFO: 10) */
  F_FIFO     = 1 << 6,   /* FIFO queues only */
} PropFlags;

typedef struct {
  const char        *key;
  const char        *title;
  PropKind           kind;
  double             min, max, def;
  const char        *unit;      /* P_DURATION: "s", "ms", "h"; P_TEXT: shown when absent */
  const char *const *choices;
  guint              flags;
  const char        *rule;
} PropSpec;

typedef struct {
  int             type;    /* LfNodeType, or LF_N_NODE_TYPES + LfEdgeType */
  const PropSpec *specs;
} TypeSpecs;

static const char *const retry_modes[] = { "standard", "legacy", "none", NULL };
static const char *const api_types[] = { "rest", "http", NULL };
static const char *const view_types[] = { "KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES", NULL };
static const char *const invocation_types[] = { "RequestResponse", "Event", NULL };

#define END { NULL, NULL, 0, 0, 0, 0, NULL, NULL, 0, NULL }

static const PropSpec client_specs[] = {
  { "retry_mode", "SDK retry mode", P_ENUM, 0, 0, 0, NULL, retry_modes, 0, "SYNC-1" },
  END
};
static const PropSpec api_specs[] = {
  { "api_type", "API type", P_ENUM, 0, 0, 0, NULL, api_types, F_READONLY, "APIGW-1" },
  { "integration_timeout", "Integration timeout", P_DURATION, 0.05, 300, 29, "s", NULL, 0, "APIGW-4" },
  END
};
static const PropSpec alb_specs[] = {
  { "multi_value_headers", "Multi-value headers", P_BOOL, 0, 0, 0, NULL, NULL, 0, "ALB-2" },
  END
};
static const PropSpec s3_specs[] = {
  { "versioning", "Versioning", P_BOOL, 0, 0, 0, NULL, NULL, 0, "S3-4" },
  { "legacy_coalescing", "Legacy coalescing", P_BOOL, 0, 0, 0, NULL, NULL, 0, "S3-4" },
  { "notification_delay", "Notification delay", P_TEXT, 0, 0, 0, NULL, NULL, F_READONLY, "S3-2" },
  END
};
static const PropSpec sns_specs[] = {
  { "fifo", "FIFO topic", P_BOOL, 0, 0, 0, NULL, NULL, F_READONLY, NULL },
  END
};
static const PropSpec kinesis_specs[] = {
  { "shards", "Shards", P_INT, 1, 500, 1, NULL, NULL, F_READONLY, "KIN-1" },
  { "retention", "Retention", P_DURATION, 24, 8760, 24, "h", NULL, 0, "KIN-5" },
  END
};
static const PropSpec dynamodb_specs[] = {
  { "stream_shards", "Stream shards", P_INT, 1, 500, 1, NULL, NULL, F_READONLY, "DDB-1" },
  { "stream_view_type", "Stream view type", P_ENUM, 0, 0, 0, NULL, view_types, 0, "DDB-1" },
  END
};
static const PropSpec sqs_specs[] = {
  { "fifo", "FIFO queue", P_BOOL, 0, 0, 0, NULL, NULL, F_READONLY, NULL },
  { "visibility_timeout", "Visibility timeout", P_DURATION, 0, 43200, 30, "s", NULL, 0, "SQS-4" },
  { "retention", "Retention", P_DURATION, 60, 1209600, 345600, "s", NULL, 0, "SQS-11" },
  { "content_based_deduplication", "Content-based deduplication", P_BOOL, 0, 0, 0, NULL, NULL, F_FIFO, "FIFO-6" },
  END
};
static const PropSpec function_specs[] = {
  { "timeout", "Timeout", P_DURATION, 1, 900, 3, "s", NULL, 0, "LIM-1" },
  { "memory_mb", "Memory (MB)", P_INT, LF_FUNCTION_MEMORY_MIN, LF_FUNCTION_MEMORY_MAX, LF_FUNCTION_MEMORY_DEFAULT, NULL, NULL, 0, "LIM-4" },
  { "reserved_concurrency", "Reserved concurrency", P_INT, 0, LF_ACCOUNT_CONCURRENCY_DEFAULT, -1, NULL, NULL, F_OPTIONAL | F_ACCOUNT, "CONC-2" },
  { "max_retry_attempts", "Async retry attempts", P_INT, 0, LF_ASYNC_MAX_RETRY_MAX, LF_ASYNC_MAX_RETRY_DEFAULT, NULL, NULL, 0, "ASYNC-4" },
  { "max_event_age", "Maximum event age", P_DURATION, 60, 21600, 21600, "s", NULL, 0, "ASYNC-4" },
  { "cold_start", "Cold start", P_DURATION, 0, 10000, 250, "ms", NULL, 0, NULL },
  { "duration", "Duration", P_TEXT, 0, 0, 0, NULL, NULL, F_READONLY, NULL },
  { "role", "Execution role", P_TEXT, 0, 0, 0, "automatic", NULL, F_READONLY, NULL },
  END
};
static const char *const scaling_models[] = { "current", "classic", NULL };
static const char *const payload_limits[] = { "1MB", "256KB", NULL };

/* Shown when nothing is selected: the account-wide settings */
static const PropSpec settings_specs[] = {
  { "account_concurrency", "Account concurrency", P_INT, 1, 100000, LF_ACCOUNT_CONCURRENCY_DEFAULT, NULL, NULL, 0, "CONC-1" },
  { "scaling_model", "Function scaling", P_ENUM, 0, 0, 0, NULL, scaling_models, 0, "CONC-5" },
  { "sqs_scaling_model", "SQS poller scaling", P_ENUM, 0, 0, 0, NULL, scaling_models, 0, "SQS-5" },
  { "async_payload_limit", "Async payload limit", P_ENUM, 0, 0, 0, NULL, payload_limits, 0, "LIM-3" },
  { "recursion_guard", "Recursive loop detection", P_BOOL, 0, 0, 1, NULL, NULL, 0, "ASYNC-15" },
  { "keep_warm", "Keep idle environments", P_DURATION, 0, 7200, 600, "s", NULL, 0, NULL },
  { "jitter", "Jitter on approximate delays", P_NUMBER, 0, 1, 0, NULL, NULL, 0, NULL },
  { "region", "Region", P_TEXT, 0, 0, 0, "us-east-1", NULL, F_READONLY, "CONC-5" },
  END
};

static const PropSpec invoke_specs[] = {
  { "invocation_type", "Invocation type", P_ENUM, 0, 0, 0, NULL, invocation_types, 0, "SYNC-1" },
  END
};
static const PropSpec esm_specs[] = {
  { "enabled", "Enabled", P_BOOL, 0, 0, 1, NULL, NULL, 0, "ESM-1" },
  { "batch_size", "Batch size", P_INT, 1, LF_ESM_BATCH_SIZE_MAX, 10, NULL, NULL, F_BATCH, "ESM-1" },
  { "batching_window", "Batching window", P_DURATION, 0, 300, 0, "s", NULL, 0, "ESM-1" },
  { "report_batch_item_failures", "Report batch item failures", P_BOOL, 0, 0, 0, NULL, NULL, 0, "ESM-7" },
  { "maximum_concurrency", "Maximum concurrency", P_INT, LF_SQS_MAX_CONCURRENCY_MIN, LF_SQS_MAX_CONCURRENCY_MAX, -1, NULL, NULL, F_SQS | F_OPTIONAL, "SQS-6" },
  { "starting_position", "Starting position", P_TEXT, 0, 0, 0, NULL, NULL, F_STREAM | F_READONLY, NULL },
  { "parallelization_factor", "Parallelization factor", P_INT, 1, LF_STREAM_PF_MAX, 1, NULL, NULL, F_STREAM, "KIN-3" },
  { "bisect_on_error", "Split batch on error", P_BOOL, 0, 0, 0, NULL, NULL, F_STREAM, "STREAM-2" },
  { "max_retry_attempts", "Retry attempts (−1: until expiry)", P_INT, -1, LF_STREAM_MAX_RETRY_MAX, -1, NULL, NULL, F_STREAM, "STREAM-2" },
  { "max_record_age", "Maximum record age, s (−1: none)", P_INT, -1, 604800, -1, NULL, NULL, F_STREAM, "STREAM-2" },
  { "tumbling_window", "Tumbling window", P_DURATION, 0, 900, 0, "s", NULL, F_STREAM, "STREAM-8" },
  END
};
static const PropSpec notification_specs[] = {
  { "events", "Events", P_TEXT, 0, 0, 0, "[\"s3:ObjectCreated:*\"]", NULL, F_READONLY, "S3-5" },
  END
};
static const PropSpec rule_specs[] = {
  { "pattern", "Event pattern", P_TEXT, 0, 0, 0, "{} (matches every event)", NULL, F_READONLY, NULL },
  END
};
static const PropSpec redrive_specs[] = {
  { "max_receive_count", "Maximum receives", P_INT, LF_SQS_MAX_RECEIVE_MIN, LF_SQS_MAX_RECEIVE_MAX, LF_SQS_MAX_RECEIVE_DEFAULT, NULL, NULL, 0, "SQS-11" },
  END
};
static const PropSpec sends_specs[] = {
  { "per_invocation", "Messages per invocation", P_INT, 1, 1000, 1, NULL, NULL, 0, NULL },
  { "invocation_type", "Invocation type", P_ENUM, 0, 0, 0, NULL, invocation_types, 0, "SYNC-1" },
  END
};

#define EDGE(t) (LF_N_NODE_TYPES + (t))
#define SETTINGS (LF_N_NODE_TYPES + LF_N_EDGE_TYPES)

static const TypeSpecs type_specs[] = {
  { LF_NODE_CLIENT, client_specs },
  { LF_NODE_API_GATEWAY, api_specs },
  { LF_NODE_ALB, alb_specs },
  { LF_NODE_S3_BUCKET, s3_specs },
  { LF_NODE_SNS_TOPIC, sns_specs },
  { LF_NODE_KINESIS_STREAM, kinesis_specs },
  { LF_NODE_DYNAMODB_TABLE, dynamodb_specs },
  { LF_NODE_SQS_QUEUE, sqs_specs },
  { LF_NODE_LAMBDA_FUNCTION, function_specs },
  { EDGE (LF_EDGE_INVOKE), invoke_specs },
  { EDGE (LF_EDGE_EVENT_SOURCE_MAPPING), esm_specs },
  { EDGE (LF_EDGE_NOTIFICATION), notification_specs },
  { EDGE (LF_EDGE_RULE), rule_specs },
  { EDGE (LF_EDGE_REDRIVE), redrive_specs },
  { EDGE (LF_EDGE_SENDS), sends_specs },
  { SETTINGS, settings_specs },
};

static const char *const node_type_names[LF_N_NODE_TYPES] = {
  [LF_NODE_CLIENT] = "Client",
  [LF_NODE_API_GATEWAY] = "API Gateway",
  [LF_NODE_ALB] = "Application Load Balancer",
  [LF_NODE_S3_BUCKET] = "S3 bucket",
  [LF_NODE_SNS_TOPIC] = "SNS topic",
  [LF_NODE_EVENTBRIDGE_BUS] = "EventBridge bus",
  [LF_NODE_KINESIS_STREAM] = "Kinesis stream",
  [LF_NODE_DYNAMODB_TABLE] = "DynamoDB table",
  [LF_NODE_SQS_QUEUE] = "SQS queue",
  [LF_NODE_LAMBDA_FUNCTION] = "Lambda function",
};

static const char *const edge_type_names[LF_N_EDGE_TYPES] = {
  [LF_EDGE_INVOKE] = "Invoke",
  [LF_EDGE_INTEGRATION] = "Integration",
  [LF_EDGE_NOTIFICATION] = "S3 notification",
  [LF_EDGE_SUBSCRIPTION] = "SNS subscription",
  [LF_EDGE_RULE] = "EventBridge rule",
  [LF_EDGE_EVENT_SOURCE_MAPPING] = "Event source mapping",
  [LF_EDGE_DLQ] = "Dead-letter queue",
  [LF_EDGE_ON_SUCCESS] = "On-success destination",
  [LF_EDGE_ON_FAILURE] = "On-failure destination",
  [LF_EDGE_REDRIVE] = "Redrive policy",
  [LF_EDGE_SENDS] = "Sends",
};

/* One editable row: what it edits and its editor. */
typedef struct {
  LfInspector    *inspector;   /* unowned */
  const PropSpec *spec;
  char           *path;        /* "worker.timeout" */
  char           *subtitle;    /* the row's normal subtitle (the AWS range) */
  GtkWidget      *row;
  GtkWidget      *editor;      /* GtkSpinButton, GtkSwitch, or NULL for combo rows */
  double          max;
} PropRow;

typedef struct {
  const char *title;
  GtkWidget  *label;
} MetricRow;

struct _LfInspector
{
  LfPanel       parent_instance;
  LfDocument   *document;

  /* template */
  GtkStack      *stack;
  AdwPreferencesGroup *props_group;
  AdwPreferencesGroup *metrics_group;
  AdwPreferencesGroup *traffic_group;
  GPtrArray    *traffic_rows;   /* GtkWidget* rows in traffic_group */
  guint         traffic_source; /* idle applying a traffic edit */
  char         *traffic_path;   /* what it applies: ID.rate, "+" (add) or "-ID" (remove) */
  char         *traffic_value;

  char         *shown;          /* the id shown ("settings" for those), or NULL */
  gboolean      showing_settings;
  GPtrArray    *prop_rows;      /* PropRow* */
  GPtrArray    *metric_rows;    /* GtkWidget* rows in metrics_group */
  GtkWidget    *placeholder;    /* "No settings to change", or NULL */
  GtkWidget    *metric_labels[8];
  guint         n_metrics;
  gboolean      updating;       /* setting editors from the model: do not apply */
  guint         rows_generation; /* bumped when the rows are rebuilt (a PropRow is freed) */
  gint64        last_refresh;
  guint         refresh_source;
  gboolean      refresh_pending;
};

G_DEFINE_FINAL_TYPE (LfInspector, lf_inspector, LF_TYPE_PANEL)

enum {
  VALUE_REFUSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
prop_row_free (PropRow *pr)
{
  g_free (pr->path);
  g_free (pr->subtitle);
  g_free (pr);
}

static LfScenario *
sim_scenario (LfInspector *self)
{
  LfSim *sim = lf_session_get_sim (lf_panel_get_session (LF_PANEL (self)));

  return sim ? lf_sim_get_scenario (sim) : NULL;
}

static const PropSpec *
specs_for (int type)
{
  for (guint i = 0; i < G_N_ELEMENTS (type_specs); i++)
    if (type_specs[i].type == type)
      return type_specs[i].specs;
  return NULL;
}

/* The object a path's prop lives in, looked up again each time (the scenario may change). */
static JsonObject *
props_of (LfInspector *self)
{
  LfScenario *scenario = sim_scenario (self);
  LfNode *node;
  LfEdge *edge;

  if (scenario == NULL || self->shown == NULL)
    return NULL;
  if (self->showing_settings)
    return lf_scenario_get_settings (scenario);
  if ((node = lf_scenario_find_node (scenario, self->shown)))
    return node->props;
  if ((edge = lf_scenario_find_edge (scenario, self->shown)))
    return edge->props;
  return NULL;
}

static double
unit_scale (const char *unit)
{
  if (g_strcmp0 (unit, "ms") == 0)
    return 1e3;
  if (g_strcmp0 (unit, "h") == 0)
    return 1e6 * 3600;
  return 1e6;
}

/* The prop's value as a number in the row's unit (booleans 0/1, enums the index). */
static double
read_number (JsonObject *props, const PropSpec *spec)
{
  const char *text;

  switch (spec->kind)
    {
    case P_INT:
      if ((spec->flags & F_OPTIONAL) && !lf_props_has (props, spec->key))
        return spec->min - 1;
      if ((spec->flags & F_OPTIONAL) && json_node_is_null (json_object_get_member (props, spec->key)))
        return spec->min - 1;
      return (double) lf_props_get_int (props, spec->key, (gint64) spec->def);
    case P_DURATION:
      {
        double scale = unit_scale (spec->unit);
        LfTime def = (LfTime) (spec->def * scale);
        return (double) lf_props_get_duration (props, spec->key, def) / scale;
      }
    case P_BOOL:
      return lf_props_get_bool (props, spec->key, spec->def != 0);
    case P_NUMBER:
      return lf_props_get_double (props, spec->key, spec->def);
    case P_ENUM:
      text = lf_props_get_string (props, spec->key, spec->choices[0]);
      for (guint i = 0; spec->choices[i]; i++)
        if (g_str_equal (spec->choices[i], text))
          return i;
      return 0;
    case P_TEXT:
    default:
      return 0;
    }
}

/* The JSON text lf_session_set_value takes for a row's number. */
static char *
format_value (const PropSpec *spec, double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  switch (spec->kind)
    {
    case P_INT:
      if ((spec->flags & F_OPTIONAL) && value < spec->min)
        return g_strdup ("null");
      return g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) llround (value));
    case P_DURATION:
      return g_strdup_printf ("\"%s%s\"", g_ascii_formatd (buf, sizeof buf, "%g", value), spec->unit);
    case P_BOOL:
      return g_strdup (value != 0 ? "true" : "false");
    case P_NUMBER:
      return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.2f", value));
    case P_ENUM:
      return g_strdup_printf ("\"%s\"", spec->choices[(guint) value]);
    case P_TEXT:
    default:
      g_assert_not_reached ();
    }
}

static void
set_row_number (PropRow *pr, double value)
{
  if (GTK_IS_SPIN_BUTTON (pr->editor))
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (pr->editor), value);
  else if (GTK_IS_SWITCH (pr->editor))
    gtk_switch_set_active (GTK_SWITCH (pr->editor), value != 0);
  else if (ADW_IS_COMBO_ROW (pr->row))
    adw_combo_row_set_selected (ADW_COMBO_ROW (pr->row), (guint) value);
}

/* Shows (or clears) the simulation's refusal under a row. */
static void
show_row_error (PropRow *pr, const char *message)
{
  const char *colon = message ? strstr (message, ": ") : NULL;
  g_autofree char *escaped = NULL;

  /* "nodes[1].props.timeout: 901 is out of range…": the row already says which prop */
  if (colon && (g_str_has_prefix (message, "nodes[") || g_str_has_prefix (message, "edges[")))
    message = colon + 2;
  escaped = message ? g_markup_escape_text (message, -1) : NULL;

  if (message)
    gtk_widget_add_css_class (pr->row, "error");
  else
    gtk_widget_remove_css_class (pr->row, "error");
  adw_action_row_set_subtitle (ADW_ACTION_ROW (pr->row), escaped ? escaped : pr->subtitle);
}

static void rebuild (LfInspector *self);

/* Is ID.PROP a node's or an edge's value in the document? */
static gboolean
in_document (LfInspector *self, const char *path)
{
  g_autofree char *id = NULL;
  const char *dot = strchr (path, '.');
  LfScenario *scenario;

  if (self->document == NULL || dot == NULL)
    return FALSE;
  id = g_strndup (path, dot - path);
  if (g_str_equal (id, "settings"))
    return TRUE;   /* the account's settings are the design's too */
  scenario = lf_document_get_scenario (self->document);
  return lf_scenario_find_node (scenario, id) != NULL || lf_scenario_find_edge (scenario, id) != NULL;
}

static void
apply_row (PropRow *pr, double value)
{
  LfInspector *self = pr->inspector;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *path = NULL;
  guint generation;
  gboolean ok;

  /* a revert re-emits the editor's signal: a value equal to the model's is no change */
  if (self->updating || read_number (props_of (self), pr->spec) == value)
    return;
  text = format_value (pr->spec, value);
  path = g_strdup (pr->path);
  generation = self->rows_generation;
  ok = in_document (self, path)
       ? lf_document_set_value (self->document, path, text, &error)
       : lf_session_set_value (lf_panel_get_session (LF_PANEL (self)), path, text, &error);
  /* Applying it may have restarted the run and rebuilt the rows: pr is gone */
  if (generation != self->rows_generation)
    {
      if (!ok)
        g_signal_emit (self, signals[VALUE_REFUSED], 0, path, error ? error->message : "");
      return;
    }
  if (ok)
    {
      show_row_error (pr, NULL);
      return;
    }
  show_row_error (pr, error ? error->message : NULL);
  self->updating = TRUE;
  set_row_number (pr, read_number (props_of (self), pr->spec));
  self->updating = FALSE;
  g_signal_emit (self, signals[VALUE_REFUSED], 0, path, error ? error->message : "");
}

static void
on_spin_value_changed (GtkSpinButton *spin, PropRow *pr)
{
  apply_row (pr, gtk_spin_button_get_value (spin));
}

static void
on_switch_active (GtkSwitch *sw, GParamSpec *pspec, PropRow *pr)
{
  apply_row (pr, gtk_switch_get_active (sw));
}

static void
on_combo_selected (AdwComboRow *row, GParamSpec *pspec, PropRow *pr)
{
  apply_row (pr, adw_combo_row_get_selected (row));
}

/* "None" for the unset value of an optional number. */
static gboolean
on_spin_output (GtkSpinButton *spin, PropRow *pr)
{
  if (gtk_spin_button_get_value (spin) >= pr->spec->min)
    return FALSE;
  gtk_editable_set_text (GTK_EDITABLE (spin), "None");
  return TRUE;
}

static int
on_spin_input (GtkSpinButton *spin, double *value, PropRow *pr)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (spin));

  if (g_ascii_strcasecmp (text, "none") != 0 && *text != '\0')
    return FALSE;
  *value = pr->spec->min - 1;
  return TRUE;
}

static char *
range_text (const PropSpec *spec, double max, gboolean restarts)
{
  g_autofree char *range = NULL;

  if (spec->kind == P_BOOL || spec->kind == P_ENUM || spec->kind == P_TEXT)
    range = NULL;
  else if (spec->kind == P_DURATION)
    range = g_strdup_printf ("%.10g–%.10g %s", spec->min, max, spec->unit);
  else
    range = g_strdup_printf ("%.10g–%.10g%s", spec->min, max, (spec->flags & F_OPTIONAL) ? ", or none" : "");
  if (restarts)
    return g_strdup_printf ("%s%sChanging it restarts the run", range ? range : "", range ? " · " : "");
  if (spec->flags & F_READONLY)
    return g_strdup ("Fixed while the scenario runs");
  if (range && spec->rule)
    return g_strdup_printf ("%s [%s]", range, spec->rule);
  return g_strdup (range ? range : spec->rule ? spec->rule : "");
}

static GtkWidget *
make_spin (PropRow *pr, double value)
{
  const PropSpec *spec = pr->spec;
  double lower = (spec->flags & F_OPTIONAL) ? spec->min - 1 : spec->min;
  gboolean fraction = spec->kind == P_NUMBER || (spec->kind == P_DURATION && spec->min != floor (spec->min));
  guint digits = fraction ? 2 : 0;
  GtkAdjustment *adj = gtk_adjustment_new (value, lower, pr->max, spec->kind == P_NUMBER ? 0.05 : 1,
                                           spec->kind == P_NUMBER ? 0.1 : 10, 0);
  GtkWidget *spin = gtk_spin_button_new (adj, 1, digits);

  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), !(spec->flags & F_OPTIONAL));
  if (spec->flags & F_OPTIONAL)
    {
      g_signal_connect (spin, "output", G_CALLBACK (on_spin_output), pr);
      g_signal_connect (spin, "input", G_CALLBACK (on_spin_input), pr);
      gtk_spin_button_update (GTK_SPIN_BUTTON (spin));
    }
  g_signal_connect (spin, "value-changed", G_CALLBACK (on_spin_value_changed), pr);
  return spin;
}

static const char *
member_text (JsonObject *obj, const char *key)
{
  JsonNode *node = json_object_get_member (obj, key);

  return node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
         ? json_node_get_string (node) : "?";
}

/* A read-only value for people: a distribution as "uniform 600ms–1200ms", a string bare. */
static char *
describe_value (JsonNode *node, const char *absent)
{
  JsonObject *obj;
  const char *dist;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup (absent ? absent : "default");
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (!JSON_NODE_HOLDS_OBJECT (node) || !json_object_has_member (obj = json_node_get_object (node), "dist"))
    return json_to_string (node, FALSE);
  dist = member_text (obj, "dist");
  if (g_str_equal (dist, "uniform"))
    return g_strdup_printf ("uniform %s–%s", member_text (obj, "min"), member_text (obj, "max"));
  if (g_str_equal (dist, "lognormal"))
    return g_strdup_printf ("lognormal, median %s, p99 %s", member_text (obj, "median"), member_text (obj, "p99"));
  if (g_str_equal (dist, "exponential"))
    return g_strdup_printf ("exponential, mean %s", member_text (obj, "mean"));
  if (g_str_equal (dist, "constant"))
    return g_strdup (member_text (obj, "value"));
  return json_to_string (node, FALSE);
}

static GtkWidget *
make_editor_row (PropRow *pr, JsonObject *props)
{
  const PropSpec *spec = pr->spec;
  double value = read_number (props, spec);
  GtkWidget *row;

  if (spec->kind == P_ENUM)
    {
      row = adw_combo_row_new ();
      adw_combo_row_set_model (ADW_COMBO_ROW (row),
                               G_LIST_MODEL (gtk_string_list_new ((const char *const *) spec->choices)));
      adw_combo_row_set_selected (ADW_COMBO_ROW (row), (guint) value);
      g_signal_connect (row, "notify::selected", G_CALLBACK (on_combo_selected), pr);
      return row;
    }
  row = adw_action_row_new ();
  if (spec->kind == P_BOOL)
    {
      pr->editor = gtk_switch_new ();
      gtk_widget_set_valign (pr->editor, GTK_ALIGN_CENTER);
      gtk_switch_set_active (GTK_SWITCH (pr->editor), value != 0);
      g_signal_connect (pr->editor, "notify::active", G_CALLBACK (on_switch_active), pr);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), pr->editor);
    }
  else if (spec->kind == P_TEXT)
    {
      g_autofree char *text = describe_value (json_object_get_member (props, spec->key), spec->unit);
      pr->editor = gtk_label_new (text);
      gtk_label_set_ellipsize (GTK_LABEL (pr->editor), PANGO_ELLIPSIZE_END);
      gtk_label_set_selectable (GTK_LABEL (pr->editor), TRUE);
      gtk_widget_add_css_class (pr->editor, "dim-label");
    }
  else
    pr->editor = make_spin (pr, value);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), pr->editor);
  return row;
}

/* The upper bound of a row that depends on the scenario. */
static double
row_max (LfInspector *self, const PropSpec *spec, gboolean fifo_source)
{
  LfScenario *scenario = sim_scenario (self);

  if (spec->flags & F_ACCOUNT)
    return (double) lf_props_get_int (lf_scenario_get_settings (scenario), "account_concurrency",
                                      LF_ACCOUNT_CONCURRENCY_DEFAULT);
  if ((spec->flags & F_BATCH) && fifo_source)
    return LF_ESM_BATCH_SIZE_FIFO_MAX;
  return spec->max;
}

static void
add_prop_row (LfInspector *self, const PropSpec *spec, JsonObject *props, gboolean fifo_source)
{
  PropRow *pr = g_new0 (PropRow, 1);
  gboolean read_only, restarts;

  pr->inspector = self;
  pr->spec = spec;
  pr->path = g_strdup_printf ("%s.%s", self->shown, spec->key);
  pr->max = row_max (self, spec, fifo_source);
  /* In the designer, a value fixed for a run is still the design's to change: the run
   * restarts with it (lf_document_sync_session). */
  restarts = (spec->flags & F_READONLY) && spec->kind != P_TEXT && in_document (self, pr->path);
  read_only = (spec->flags & F_READONLY) && !restarts;
  pr->subtitle = range_text (spec, pr->max, restarts);
  pr->row = make_editor_row (pr, props);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (pr->row), spec->title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (pr->row), pr->subtitle);
  gtk_widget_set_sensitive (pr->editor ? pr->editor : pr->row, !read_only);
  gtk_widget_set_name (pr->row, spec->key);
  adw_preferences_group_add (self->props_group, pr->row);
  g_ptr_array_add (self->prop_rows, pr);
}

static void
clear_rows (LfInspector *self)
{
  self->rows_generation++;
  for (guint i = 0; i < self->traffic_rows->len; i++)
    adw_preferences_group_remove (self->traffic_group, g_ptr_array_index (self->traffic_rows, i));
  g_ptr_array_set_size (self->traffic_rows, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->traffic_group), FALSE);
  for (guint i = 0; i < self->prop_rows->len; i++)
    adw_preferences_group_remove (self->props_group, ((PropRow *) g_ptr_array_index (self->prop_rows, i))->row);
  g_ptr_array_set_size (self->prop_rows, 0);
  for (guint i = 0; i < self->metric_rows->len; i++)
    adw_preferences_group_remove (self->metrics_group, g_ptr_array_index (self->metric_rows, i));
  g_ptr_array_set_size (self->metric_rows, 0);
  self->n_metrics = 0;
  if (self->placeholder)
    adw_preferences_group_remove (self->props_group, self->placeholder);
  self->placeholder = NULL;
}

static const char *const function_metrics[] = {
  "Invocations", "Errors", "Timeouts", "Throttles", "Cold starts", "Running (peak)", "Async queue", NULL
};
static const char *const sqs_metrics[] = {
  "Visible messages", "In flight", "Depth (peak)", NULL
};
static const char *const store_metrics[] = { "Records (peak)", NULL };
static const char *const http_metrics[] = { "2xx answers", "4xx answers", "5xx answers", NULL };

static const char *const *
metrics_for (LfNodeType type)
{
  switch (type)
    {
    case LF_NODE_LAMBDA_FUNCTION: return function_metrics;
    case LF_NODE_SQS_QUEUE: return sqs_metrics;
    case LF_NODE_KINESIS_STREAM:
    case LF_NODE_DYNAMODB_TABLE: return store_metrics;
    case LF_NODE_API_GATEWAY:
    case LF_NODE_ALB: return http_metrics;
    case LF_NODE_UNKNOWN:
    case LF_NODE_CLIENT:
    case LF_NODE_S3_BUCKET:
    case LF_NODE_SNS_TOPIC:
    case LF_NODE_EVENTBRIDGE_BUS:
    case LF_N_NODE_TYPES:
    default:
      return NULL;
    }
}

static void
add_metric_rows (LfInspector *self, LfNodeType type)
{
  const char *const *titles = metrics_for (type);

  gtk_widget_set_visible (GTK_WIDGET (self->metrics_group), titles != NULL);
  for (guint i = 0; titles && titles[i] && i < G_N_ELEMENTS (self->metric_labels); i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *label = gtk_label_new ("0");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), titles[i]);
      gtk_widget_add_css_class (label, "numeric");
      gtk_widget_set_name (label, titles[i]);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
      adw_preferences_group_add (self->metrics_group, row);
      g_ptr_array_add (self->metric_rows, row);
      self->metric_labels[self->n_metrics++] = label;
    }
}

static void
set_metric (LfInspector *self, guint i, const char *format, ...) G_GNUC_PRINTF (3, 4);

static void
set_metric (LfInspector *self, guint i, const char *format, ...)
{
  g_autofree char *text = NULL;
  va_list args;

  if (i >= self->n_metrics)
    return;
  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  gtk_label_set_text (GTK_LABEL (self->metric_labels[i]), text);
}

static void
refresh_metrics (LfInspector *self)
{
  LfSim *sim = lf_session_get_sim (lf_panel_get_session (LF_PANEL (self)));
  LfNodeStats st;

  self->last_refresh = g_get_monotonic_time ();
  self->refresh_pending = FALSE;
  if (sim == NULL || self->n_metrics == 0 || !lf_sim_get_node_stats (sim, self->shown, &st))
    return;
  switch (st.type)
    {
    case LF_NODE_LAMBDA_FUNCTION:
      set_metric (self, 0, "%" G_GINT64_FORMAT, st.invocations);
      set_metric (self, 1, "%" G_GINT64_FORMAT, st.errors);
      set_metric (self, 2, "%" G_GINT64_FORMAT, st.timeouts);
      set_metric (self, 3, "%" G_GINT64_FORMAT, st.throttles);
      set_metric (self, 4, "%" G_GINT64_FORMAT, st.cold_starts);
      set_metric (self, 5, "%" G_GINT64_FORMAT " (%" G_GINT64_FORMAT ")", st.running, st.max_concurrency);
      set_metric (self, 6, "%" G_GINT64_FORMAT, st.depth);
      break;
    case LF_NODE_SQS_QUEUE:
      set_metric (self, 0, "%" G_GINT64_FORMAT, st.visible);
      set_metric (self, 1, "%" G_GINT64_FORMAT, st.in_flight);
      set_metric (self, 2, "%" G_GINT64_FORMAT " (%" G_GINT64_FORMAT ")", st.depth, st.max_depth);
      break;
    case LF_NODE_KINESIS_STREAM:
    case LF_NODE_DYNAMODB_TABLE:
      set_metric (self, 0, "%" G_GINT64_FORMAT " (%" G_GINT64_FORMAT ")", st.depth, st.max_depth);
      break;
    case LF_NODE_API_GATEWAY:
    case LF_NODE_ALB:
      set_metric (self, 0, "%" G_GINT64_FORMAT, st.http[2]);
      set_metric (self, 1, "%" G_GINT64_FORMAT, st.http[4]);
      set_metric (self, 2, "%" G_GINT64_FORMAT, st.http[5]);
      break;
    case LF_NODE_UNKNOWN:
    case LF_NODE_CLIENT:
    case LF_NODE_S3_BUCKET:
    case LF_NODE_SNS_TOPIC:
    case LF_NODE_EVENTBRIDGE_BUS:
    case LF_N_NODE_TYPES:
    default:
      break;
    }
}

static gboolean
refresh_timeout_cb (gpointer data)
{
  LfInspector *self = data;

  self->refresh_source = 0;
  refresh_metrics (self);
  return G_SOURCE_REMOVE;
}

/* At most one refresh per REFRESH_INTERVAL_US, and none while unmapped. */
static void
queue_refresh (LfInspector *self)
{
  gint64 wait;

  self->refresh_pending = TRUE;
  if (self->refresh_source != 0 || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  wait = self->last_refresh + REFRESH_INTERVAL_US - g_get_monotonic_time ();
  if (wait <= 0)
    refresh_metrics (self);
  else
    self->refresh_source = g_timeout_add ((guint) (wait / 1000) + 1, refresh_timeout_cb, self);
}

static gboolean
source_is (LfScenario *scenario, LfEdge *edge, LfNodeType type, gboolean *fifo)
{
  LfNode *from = lf_scenario_find_node (scenario, edge->from);

  *fifo = from && from->type == LF_NODE_SQS_QUEUE && lf_props_get_bool (from->props, "fifo", FALSE);
  return from && from->type == type;
}

static gboolean
spec_applies (const PropSpec *spec, LfScenario *scenario, JsonObject *props, LfEdge *edge)
{
  gboolean fifo = FALSE;

  if (spec->flags & F_FIFO)
    return lf_props_get_bool (props, "fifo", FALSE);
  if (edge == NULL)
    return TRUE;
  if (spec->flags & F_STREAM)
    return source_is (scenario, edge, LF_NODE_KINESIS_STREAM, &fifo) ||
           source_is (scenario, edge, LF_NODE_DYNAMODB_TABLE, &fifo);
  if (spec->flags & F_SQS)
    return source_is (scenario, edge, LF_NODE_SQS_QUEUE, &fifo);
  if (g_str_equal (spec->key, "invocation_type") && edge->type == LF_EDGE_SENDS)
    {
      LfNode *to = lf_scenario_find_node (scenario, edge->to);
      return to && to->type == LF_NODE_LAMBDA_FUNCTION;
    }
  return TRUE;
}

static void
show_item (LfInspector *self, const char *title, const char *type_name, int type,
           JsonObject *props, LfEdge *edge)
{
  LfScenario *scenario = sim_scenario (self);
  const PropSpec *specs = specs_for (type);
  g_autofree char *description = g_strdup_printf ("%s · %s", type_name, self->shown);
  gboolean fifo = FALSE;

  if (edge)
    source_is (scenario, edge, LF_NODE_SQS_QUEUE, &fifo);
  adw_preferences_group_set_title (self->props_group, title);
  adw_preferences_group_set_description (self->props_group, description);
  for (guint i = 0; specs && specs[i].key; i++)
    if (spec_applies (&specs[i], scenario, props, edge))
      add_prop_row (self, &specs[i], props, fifo);
  if (specs == NULL)
    {
      self->placeholder = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->placeholder), "No settings to change");
      adw_preferences_group_add (self->props_group, self->placeholder);
    }
}

/* ---- traffic (the design's workload on this node) ---------------------------------- */

/* Applied from an idle: the edit restarts the run, which rebuilds these rows, and a row
 * must not be destroyed inside its own signal. */
static gboolean
apply_traffic_idle (gpointer data)
{
  LfInspector *self = data;
  g_autofree char *path = g_steal_pointer (&self->traffic_path);
  g_autofree char *value = g_steal_pointer (&self->traffic_value);
  LfScenario *scenario;
  LfHistory *history;
  g_autoptr(GError) error = NULL;

  self->traffic_source = 0;
  if (self->document == NULL || path == NULL)
    return G_SOURCE_REMOVE;
  scenario = lf_document_get_scenario (self->document);
  history = lf_document_get_history (self->document);

  if (path[0] == '+')
    {
      g_autofree char *id = NULL;
      g_autofree char *prefix = g_strdup_printf ("%s-traffic", path + 1);
      g_autoptr(JsonObject) item = json_object_new ();

      id = lf_scenario_unique_id (scenario, prefix);
      json_object_set_string_member (item, "id", id);
      json_object_set_string_member (item, "target", path + 1);
      json_object_set_string_member (item, "rate", "1/s");
      if (lf_history_begin (history, "Add Traffic", NULL))
        {
          lf_scenario_add_workload_item (scenario, item, NULL);
          lf_history_commit (history);
        }
    }
  else if (path[0] == '-')
    {
      if (lf_history_begin (history, "Remove Traffic", NULL))
        {
          lf_scenario_remove_item (scenario, path + 1);
          lf_history_commit (history);
        }
    }
  else if (!lf_document_set_value (self->document, path, value, &error))
    g_signal_emit (self, signals[VALUE_REFUSED], 0, path, error ? error->message : "");

  return G_SOURCE_REMOVE;
}

static void
queue_traffic_edit (LfInspector *self,
                    const char  *path,
                    const char  *value)
{
  g_free (self->traffic_path);
  g_free (self->traffic_value);
  self->traffic_path = g_strdup (path);
  self->traffic_value = g_strdup (value);
  if (self->traffic_source == 0)
    self->traffic_source = g_idle_add (apply_traffic_idle, self);
}

static void
on_traffic_rate (GtkSpinButton *spin, LfInspector *self)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *value = NULL;

  if (self->updating)
    return;
  g_ascii_formatd (number, sizeof number, "%.6g", gtk_spin_button_get_value (spin));
  value = g_strdup_printf ("\"%s/s\"", number);
  queue_traffic_edit (self, g_object_get_data (G_OBJECT (spin), "lf-path"), value);
}

static void
on_traffic_remove (GtkButton *button, LfInspector *self)
{
  g_autofree char *path = g_strdup_printf ("-%s", (const char *) g_object_get_data (G_OBJECT (button), "lf-id"));

  queue_traffic_edit (self, path, NULL);
}

static void
on_traffic_add (GtkButton *button, LfInspector *self)
{
  g_autofree char *path = g_strdup_printf ("+%s", (const char *) g_object_get_data (G_OBJECT (button), "lf-id"));

  queue_traffic_edit (self, path, NULL);
}

static gboolean
is_traffic_target (int type)
{
  return type != LF_NODE_LAMBDA_FUNCTION && type != LF_NODE_UNKNOWN;
}

static void
add_traffic_row (LfInspector *self, GtkWidget *row)
{
  adw_preferences_group_add (self->traffic_group, row);
  g_ptr_array_add (self->traffic_rows, row);
}

/* In the designer: the workload items that send to this node, their rate editable, one
 * removable, and a button to add one. */
static void
add_traffic_rows (LfInspector *self, const char *node_id, int type)
{
  LfScenario *scenario;
  JsonArray *workload;
  guint n = 0;

  if (self->document == NULL || !is_traffic_target (type))
    return;
  scenario = lf_document_get_scenario (self->document);
  workload = lf_scenario_get_workload (scenario);

  for (guint i = 0; i < json_array_get_length (workload); i++)
    {
      JsonObject *item = json_array_get_object_element (workload, i);
      const char *id = json_object_get_string_member_with_default (item, "id", "");
      g_autofree char *path = NULL;
      GtkWidget *row, *spin, *remove;

      if (item == NULL || g_strcmp0 (json_object_get_string_member_with_default (item, "target", NULL), node_id) != 0)
        continue;
      n++;
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), "Events per second");
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), id);
      gtk_widget_set_name (row, "traffic-rate");
      if (lf_props_has (item, "rate"))
        {
          spin = gtk_spin_button_new_with_range (0.01, 10000, 0.5);
          gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), 2);
          gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), lf_props_get_rate (item, "rate", 1));
          gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
          path = g_strdup_printf ("%s.rate", id);
          g_object_set_data_full (G_OBJECT (spin), "lf-path", g_steal_pointer (&path), g_free);
          g_signal_connect (spin, "value-changed", G_CALLBACK (on_traffic_rate), self);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
        }
      else
        {
          g_autofree char *text = json_to_string (json_array_get_element (workload, i), FALSE);

          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), text);
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), "Workload");
        }
      remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (remove, "Remove This Traffic");
      g_object_set_data_full (G_OBJECT (remove), "lf-id", g_strdup (id), g_free);
      g_signal_connect (remove, "clicked", G_CALLBACK (on_traffic_remove), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      add_traffic_row (self, row);
    }

  {
    GtkWidget *row = adw_action_row_new ();
    GtkWidget *add = gtk_button_new_with_label ("Add");

    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), n ? "More traffic" : "No traffic yet");
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), "Events sent to it while the scenario runs");
    gtk_widget_set_valign (add, GTK_ALIGN_CENTER);
    gtk_widget_set_name (row, "traffic-add");
    g_object_set_data_full (G_OBJECT (add), "lf-id", g_strdup (node_id), g_free);
    g_signal_connect (add, "clicked", G_CALLBACK (on_traffic_add), self);
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), add);
    add_traffic_row (self, row);
  }
  gtk_widget_set_visible (GTK_WIDGET (self->traffic_group), TRUE);
}

/* Rebuilds the rows for the session's selection. */
static void
rebuild (LfInspector *self)
{
  LfScenario *scenario = sim_scenario (self);
  const char *id = lf_session_get_selected (lf_panel_get_session (LF_PANEL (self)));
  LfNode *node = scenario && id ? lf_scenario_find_node (scenario, id) : NULL;
  LfEdge *edge = scenario && id && !node ? lf_scenario_find_edge (scenario, id) : NULL;

  clear_rows (self);
  g_free (self->shown);
  self->showing_settings = scenario && !node && !edge;
  self->shown = (node || edge) ? g_strdup (id) : self->showing_settings ? g_strdup ("settings") : NULL;
  gtk_stack_set_visible_child_name (self->stack, self->shown ? "item" : "empty");
  self->updating = TRUE;
  if (self->showing_settings)
    {
      show_item (self, lf_scenario_get_title (scenario)[0] ? lf_scenario_get_title (scenario) : "Scenario",
                 "Account settings", SETTINGS, lf_scenario_get_settings (scenario), NULL);
      adw_preferences_group_set_description (self->props_group,
                                             "Account settings · select a node or an edge to see its own");
      gtk_widget_set_visible (GTK_WIDGET (self->metrics_group), FALSE);
    }
  else if (node)
    {
      show_item (self, node->label && *node->label ? node->label : node->id,
                 node_type_names[node->type] ? node_type_names[node->type] : "Node",
                 node->type, node->props, NULL);
      add_metric_rows (self, node->type);
      add_traffic_rows (self, node->id, node->type);
    }
  else if (edge)
    {
      g_autofree char *title = g_strdup_printf ("%s → %s", edge->from, edge->to);
      show_item (self, title, edge_type_names[edge->type] ? edge_type_names[edge->type] : "Edge",
                 EDGE (edge->type), edge->props, edge);
      gtk_widget_set_visible (GTK_WIDGET (self->metrics_group), FALSE);
    }
  self->updating = FALSE;
  self->last_refresh = 0;
  queue_refresh (self);
}

/* After a reset the rows keep their rows but read their values again. */
static void
reload_values (LfInspector *self)
{
  JsonObject *props = props_of (self);

  if (props == NULL)
    return;
  self->updating = TRUE;
  for (guint i = 0; i < self->prop_rows->len; i++)
    {
      PropRow *pr = g_ptr_array_index (self->prop_rows, i);
      if (pr->editor == NULL || GTK_IS_SPIN_BUTTON (pr->editor) || GTK_IS_SWITCH (pr->editor))
        set_row_number (pr, read_number (props, pr->spec));
    }
  self->updating = FALSE;
}

static void
on_selected_changed (LfInspector *self)
{
  rebuild (self);
}

static void
on_advanced (LfInspector *self)
{
  queue_refresh (self);
}

static void
on_restarted (LfInspector *self)
{
  reload_values (self);
  queue_refresh (self);
}

static void
lf_inspector_map (GtkWidget *widget)
{
  LfInspector *self = LF_INSPECTOR (widget);

  GTK_WIDGET_CLASS (lf_inspector_parent_class)->map (widget);
  if (self->refresh_pending)
    queue_refresh (self);
}

static void
lf_inspector_constructed (GObject *object)
{
  LfInspector *self = LF_INSPECTOR (object);

  G_OBJECT_CLASS (lf_inspector_parent_class)->constructed (object);
  rebuild (self);
}

static void
lf_inspector_dispose (GObject *object)
{
  LfInspector *self = LF_INSPECTOR (object);

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), LF_TYPE_INSPECTOR);
  g_clear_pointer (&self->prop_rows, g_ptr_array_unref);
  g_clear_pointer (&self->metric_rows, g_ptr_array_unref);
  g_clear_pointer (&self->traffic_rows, g_ptr_array_unref);
  g_clear_handle_id (&self->traffic_source, g_source_remove);
  g_clear_pointer (&self->traffic_path, g_free);
  g_clear_pointer (&self->traffic_value, g_free);
  g_clear_object (&self->document);
  g_clear_pointer (&self->shown, g_free);

  G_OBJECT_CLASS (lf_inspector_parent_class)->dispose (object);
}

static void
lf_inspector_class_init (LfInspectorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = lf_inspector_constructed;
  object_class->dispose = lf_inspector_dispose;
  widget_class->map = lf_inspector_map;

  /**
   * LfInspector::value-refused:
   * @path: the prop's path ("worker.timeout")
   * @message: the simulation's reason, with AWS's range
   *
   * A change was refused and the row reverted; the window may show a toast.
   */
  signals[VALUE_REFUSED] =
    g_signal_new ("value-refused", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/lambdaflow/LambdaFlow/ui/lf-inspector.ui");
  gtk_widget_class_bind_template_child (widget_class, LfInspector, stack);
  gtk_widget_class_bind_template_child (widget_class, LfInspector, props_group);
  gtk_widget_class_bind_template_child (widget_class, LfInspector, metrics_group);
  gtk_widget_class_bind_template_child (widget_class, LfInspector, traffic_group);
  gtk_widget_class_set_css_name (widget_class, "lf-inspector");
}

static void
lf_inspector_init (LfInspector *self)
{
  GSignalGroup *group;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->prop_rows = g_ptr_array_new_with_free_func ((GDestroyNotify) prop_row_free);
  self->metric_rows = g_ptr_array_new ();
  self->traffic_rows = g_ptr_array_new ();
  group = lf_panel_get_session_signals (LF_PANEL (self));
  g_signal_group_connect_swapped (group, "notify::selected",
                                  G_CALLBACK (on_selected_changed), self);
  g_signal_group_connect_swapped (group, "notify::scenario",
                                  G_CALLBACK (on_selected_changed), self);
  g_signal_group_connect_swapped (group, "advanced",
                                  G_CALLBACK (on_advanced), self);
  g_signal_group_connect_swapped (group, "restarted",
                                  G_CALLBACK (on_restarted), self);
}

void
lf_inspector_set_document (LfInspector *self, LfDocument *document)
{
  g_return_if_fail (LF_IS_INSPECTOR (self));
  g_return_if_fail (document == NULL || LF_IS_DOCUMENT (document));

  g_set_object (&self->document, document);
  if (lf_panel_get_session (LF_PANEL (self)) != NULL)
    rebuild (self);
}

GtkWidget *
lf_inspector_new (LfSession *session)
{
  g_return_val_if_fail (LF_IS_SESSION (session), NULL);

  return g_object_new (LF_TYPE_INSPECTOR, "session", session, NULL);
}

LfSession *
lf_inspector_get_session (LfInspector *self)
{
  g_return_val_if_fail (LF_IS_INSPECTOR (self), NULL);

  return lf_panel_get_session (LF_PANEL (self));
}
