/* lf-sim.h: one run of a scenario — virtual clock, scheduler, seeded RNG, every node's
 * runtime state, the trace and the metrics. No main loop inside: the app or the CLI
 * drives it with lf_sim_run_until / lf_sim_step (spec/defaults.md, "Engine"). */
#pragma once

#include <stdio.h>

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "lf-scenario.h"
#include "lf-trace.h"

G_BEGIN_DECLS

#define LF_TYPE_SIM (lf_sim_get_type ())
G_DECLARE_FINAL_TYPE (LfSim, lf_sim, LF, SIM, GObject)

typedef enum {
  LF_FATE_SUCCEEDED,
  LF_FATE_DISCARDED,
  LF_FATE_FORWARDED,
  LF_FATE_QUEUED,
  LF_FATE_IN_FLIGHT,
  LF_N_FATES
} LfFate;

typedef struct {
  guint64 published, copies;
  guint64 fates[LF_N_FATES];
  guint64 lost;
  guint64 dlq, destination_success, destination_failure;
} LfMessageCounts;

/* Fails (LF_ERROR_INVALID_SCENARIO) when the scenario has errors. The scenario is copied:
 * later edits to it do not reach a running simulation (use lf_sim_set). */
LfSim      *lf_sim_new              (LfScenario *scenario, GError **error);
LfScenario *lf_sim_get_scenario     (LfSim *self);
LfTime      lf_sim_get_now          (LfSim *self);
guint64     lf_sim_get_events       (LfSim *self);   /* scheduler events processed */
/* Runs every event due at or before t (the clock then reads t), or stops after max_events
 * (0: no bound). Returns the number of events processed. */
guint64     lf_sim_run_until        (LfSim *self, LfTime t, guint64 max_events);
/* Runs the next event, whatever its time. FALSE when nothing is left. */
gboolean    lf_sim_step             (LfSim *self);
LfTime      lf_sim_next_event_time  (LfSim *self);
/* Back to t = 0 with the same scenario, seed and live changes. */
void        lf_sim_reset            (LfSim *self);
/* A live change at the current simulated time: "worker.timeout", "f1.probability",
 * "settings.account_concurrency". The value is JSON text or a bare string. */
gboolean    lf_sim_set              (LfSim *self, const char *path, const char *value, GError **error);

void        lf_sim_add_trace_func   (LfSim *self, LfTraceFunc func, gpointer user_data);
void        lf_sim_remove_trace_func (LfSim *self, LfTraceFunc func, gpointer user_data);
/* Every record as JSON Lines into stream (fflush is the caller's). */
void        lf_sim_set_trace_stream (LfSim *self, FILE *stream);

void        lf_sim_count_messages   (LfSim *self, LfMessageCounts *counts);
/* The report object of spec/cli.md ("lambdaflow-report/1"). wall_ms is the caller's. */
JsonNode   *lf_sim_build_report     (LfSim *self, double wall_ms);
char       *lf_sim_report_to_text   (LfSim *self, JsonNode *report);

/* Metrics for charts: samples of per-node gauges every interval (default 1 s). */
typedef struct {
  LfTime  t;
  gint64  value;
} LfSample;
/* metric: "concurrency" (functions), "depth" (every other node), "invocations", "errors",
 * "throttles" (functions, cumulative counters); "age_of_oldest" (SQS queues: µs, the
 * oldest visible message, as ApproximateAgeOfOldestMessage); "iterator_age" (µs, stream
 * event source mapping edges and the functions they invoke: the largest over shards of
 * the age of the last record of the last finished batch [STREAM-10]); "dlq" (functions
 * and SQS queues: messages their failures sent to a DLQ, redrive target or on-failure
 * destination, cumulative); "dlq_received" (nodes that are such a target: messages that
 * landed there that way, cumulative). node_id may name an edge. Returns NULL when there
 * is no such series. */
const GArray *lf_sim_get_series     (LfSim *self, const char *node_id, const char *metric);
void        lf_sim_set_series_interval (LfSim *self, LfTime interval);

/* For drawing and inspection: how many messages a node holds now (queue depth, async
 * queue length, stream records) and how many invocations run. */
gint64      lf_sim_node_depth       (LfSim *self, const char *node_id);
gint64      lf_sim_node_running     (LfSim *self, const char *node_id);

/* ---- inspection, for the canvas, the inspector and the event log --------------- */

typedef struct {
  LfNodeType type;
  gint64 invocations, errors, timeouts, throttles, cold_starts;
  gint64 running, max_concurrency;   /* functions */
  gint64 depth, max_depth;           /* queues, streams; a function's async queue */
  gint64 visible, in_flight;         /* SQS: ApproximateNumberOfMessages / …NotVisible */
  gint64 dead_letter_errors, destination_delivery_failures;
  gint64 http[6];                    /* API Gateway / ALB: answers by class, [2] = 2xx */
} LfNodeStats;

gboolean    lf_sim_get_node_stats   (LfSim *self, const char *node_id, LfNodeStats *out);
guint32     lf_sim_message_count    (LfSim *self);      /* ids are 1 … count */
guint32     lf_sim_message_parent   (LfSim *self, guint32 msg);   /* 0: a root */
LfFate      lf_sim_message_fate     (LfSim *self, guint32 msg);
LfTime      lf_sim_message_born     (LfSim *self, guint32 msg);
/* The event a function receives for this message, in AWS's shape (lf-events.h): an S3,
 * SNS or EventBridge event, an SQS, Kinesis or DynamoDB record wrapped in Records, an
 * API Gateway or ALB request, or a client's payload. NULL for an unknown id. */
JsonNode   *lf_sim_message_event    (LfSim *self, guint32 msg);

G_END_DECLS
