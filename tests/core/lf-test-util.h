/* lf-test-util.h: run a scenario given as JSON text and query its trace */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "lf-scenario.h"
#include "lf-sim.h"

typedef struct {
  LfScenario *scenario;
  LfSim      *sim;
  GPtrArray  *records;   /* JsonObject*, in seq order */
  GString    *jsonl;     /* the trace as JSON Lines */
} LfTestRun;

/* Loads json (asserting it is valid), runs it to `until` (or its duration when < 0),
 * and asserts the conservation check (messages.lost == 0, the fates add up). */
LfTestRun  *lf_test_run          (const char *json, LfTime until);
LfTestRun  *lf_test_run_scenario (LfScenario *scenario, LfTime until);
/* The same without collecting the trace, for big runs that look at the report and series. */
LfTestRun  *lf_test_run_untraced (const char *json, LfTime until);
void        lf_test_run_free     (LfTestRun *run);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LfTestRun, lf_test_run_free)

/* Records of a kind ("invoke.start") at a node or edge (NULL: any). */
GPtrArray  *lf_test_select       (LfTestRun *run, const char *kind, const char *at);
guint       lf_test_count        (LfTestRun *run, const char *kind, const char *at);
/* The n-th (from 0) such record, asserting it exists. */
JsonObject *lf_test_nth          (LfTestRun *run, const char *kind, const char *at, guint n);
/* Its time in seconds. */
double      lf_test_time_s       (JsonObject *record);
/* A report number by JSON path-ish keys: ("nodes", "worker", "invocations") */
gint64      lf_test_report_int   (LfTestRun *run, const char *section, const char *id, const char *key);
void        lf_test_assert_conserved (LfSim *sim);

/* Asserts |a − b| ≤ tol */
#define lf_assert_near(a, b, tol) \
  G_STMT_START { double _a = (a), _b = (b); \
    if (!(_a >= _b - (tol) && _a <= _b + (tol))) \
      g_error ("%s:%d: %s = %.6f, expected %.6f ± %g", __FILE__, __LINE__, #a, _a, _b, (double) (tol)); \
  } G_STMT_END
