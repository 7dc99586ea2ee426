/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* test-painter: LfVisual from synthetic and real traces, LfPainter into image, SVG, PDF
 * and recording surfaces, golden images (DejaVu only, a per-pixel tolerance), and the
 * `render` command. No display. LF_UPDATE_GOLDEN=1 rewrites the golden PNGs. */

#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gstdio.h>

#include "lf-painter.h"
#include "lf-visual.h"

#define GOLDEN_TOLERANCE  24      /* per channel */
#define GOLDEN_MIN_SHARE  0.995   /* of pixels within it */

/* ---- helpers ---------------------------------------------------------------------- */

static char *
source_path (const char *first,
             ...)
{
  const char *root = g_getenv ("LF_SOURCE_ROOT");
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  va_list args;

  g_assert_nonnull (root);
  g_ptr_array_add (parts, (gpointer) root);
  g_ptr_array_add (parts, (gpointer) first);
  va_start (args, first);
  for (const char *p = va_arg (args, const char *); p != NULL; p = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer) p);
  va_end (args);
  g_ptr_array_add (parts, NULL);
  return g_build_filenamev ((char **) parts->pdata);
}

static LfScenario *
load (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  LfScenario *scenario = lf_scenario_load_from_file (path, &problems, &error);

  g_assert_no_error (error);
  g_assert_nonnull (scenario);
  return scenario;
}

/* s3 → fn (notification), sns → fn (subscription), s3 → sns, fn → dlq, fn → dest. */
static LfScenario *
small_scenario (void)
{
  LfScenario *s = lf_scenario_new ();

  lf_scenario_add_node (s, "bucket", LF_NODE_S3_BUCKET, 0, 0);
  lf_scenario_add_node (s, "topic", LF_NODE_SNS_TOPIC, 0, 200);
  lf_scenario_add_node (s, "fn", LF_NODE_LAMBDA_FUNCTION, 300, 100);
  lf_scenario_add_node (s, "dlq", LF_NODE_SQS_QUEUE, 600, 0);
  lf_scenario_add_node (s, "dest", LF_NODE_SQS_QUEUE, 600, 200);
  lf_scenario_add_node (s, "queue", LF_NODE_SQS_QUEUE, 0, 400);
  lf_scenario_add_edge (s, "notify", LF_EDGE_NOTIFICATION, "bucket", "fn");
  lf_scenario_add_edge (s, "to-topic", LF_EDGE_NOTIFICATION, "bucket", "topic");
  lf_scenario_add_edge (s, "sub", LF_EDGE_SUBSCRIPTION, "topic", "fn");
  lf_scenario_add_edge (s, "dead", LF_EDGE_DLQ, "fn", "dlq");
  lf_scenario_add_edge (s, "fail", LF_EDGE_ON_FAILURE, "fn", "dest");
  lf_scenario_add_edge (s, "esm", LF_EDGE_EVENT_SOURCE_MAPPING, "queue", "fn");
  return s;
}

static void
feed (LfVisual     *visual,
      LfRecordKind  kind,
      LfTime        t,
      const char   *node,
      const char   *edge,
      guint32       msg)
{
  LfRecord rec;

  lf_record_init (&rec, kind, t);
  rec.node = node;
  rec.edge = edge;
  rec.msg = msg;
  lf_visual_feed (visual, &rec);
}

static guint
tokens_on (LfVisual   *visual,
           const char *edge)
{
  int e = lf_visual_lookup_edge (visual, edge);
  guint n = 0;

  for (guint i = 0; i < lf_visual_get_n_tokens (visual); i++)
    if (lf_visual_get_token (visual, i)->edge == e)
      n++;
  return n;
}

static const LfToken *
last_token (LfVisual *visual)
{
  guint n = lf_visual_get_n_tokens (visual);
  g_assert_cmpuint (n, >, 0);
  return lf_visual_get_token (visual, n - 1);
}

/* Runs a scenario file to t with a visual attached and synced. */
static LfVisual *
run_to (const char *path,
        LfTime      t,
        LfSim     **sim_out)
{
  g_autoptr(LfScenario) scenario = load (path);
  g_autoptr(GError) error = NULL;
  LfSim *sim = lf_sim_new (scenario, &error);
  LfVisual *visual;

  g_assert_no_error (error);
  visual = lf_visual_new_for_sim (sim);
  lf_visual_set_speed (visual, 5.0);
  lf_sim_run_until (sim, t, 0);
  lf_visual_sync (visual);
  *sim_out = sim;
  return visual;
}

static cairo_surface_t *
draw_image (LfPainter *painter,
            LfVisual  *visual,
            int        width,
            int        height)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_rectangle_t area = { 0, 0, width, height };
  cairo_t *cr = cairo_create (surface);

  lf_painter_fit (painter, &area, 24, 1.5);
  lf_painter_draw (painter, cr, width, height, visual);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

/* Share of the pixels in rect (view = surface pixels) within tol of a colour. */
static double
share_of_colour (cairo_surface_t         *surface,
                 const cairo_rectangle_t *rect,
                 guint32                  rgb,
                 int                      tol)
{
  const guchar *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  int x0 = MAX ((int) rect->x, 0), y0 = MAX ((int) rect->y, 0);
  int x1 = MIN ((int) (rect->x + rect->width), cairo_image_surface_get_width (surface));
  int y1 = MIN ((int) (rect->y + rect->height), cairo_image_surface_get_height (surface));
  guint hits = 0, total = 0;

  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      {
        guint32 p = ((const guint32 *) (data + y * stride))[x];
        int dr = abs ((int) ((p >> 16) & 0xff) - (int) ((rgb >> 16) & 0xff));
        int dg = abs ((int) ((p >> 8) & 0xff) - (int) ((rgb >> 8) & 0xff));
        int db = abs ((int) (p & 0xff) - (int) (rgb & 0xff));
        total++;
        hits += dr <= tol && dg <= tol && db <= tol;
      }
  return total ? (double) hits / total : 0;
}

static guint
count_colour (cairo_surface_t *surface,
              guint32          rgb,
              int              tol)
{
  cairo_rectangle_t all = { 0, 0, cairo_image_surface_get_width (surface),
                            cairo_image_surface_get_height (surface) };
  return (guint) (share_of_colour (surface, &all, rgb, tol) * all.width * all.height + 0.5);
}

/* ---- LfVisual: synthetic records -------------------------------------------------- */

static void
test_visual_notify_token (void)
{
  g_autoptr(LfScenario) scenario = small_scenario ();
  g_autoptr(LfVisual) visual = lf_visual_new (scenario);
  LfTime travel = LF_MSEC (800);
  const LfToken *t;

  lf_visual_set_travel_time (visual, travel);
  feed (visual, LF_REC_NOTIFY, LF_SEC (1), NULL, "notify", 7);
  g_assert_cmpuint (lf_visual_get_n_tokens (visual), ==, 1);
  t = last_token (visual);
  g_assert_cmpint (t->edge, ==, lf_visual_lookup_edge (visual, "notify"));
  g_assert_cmpint (t->node, ==, lf_visual_lookup_node (visual, "fn"));
  g_assert_cmpuint (t->msg, ==, 7);
  g_assert_cmpint (t->start, ==, LF_SEC (1));
  g_assert_cmpint (t->end, ==, LF_SEC (1) + travel);
  g_assert_cmpint (t->kind, ==, LF_TOKEN_NORMAL);

  lf_visual_set_now (visual, LF_SEC (1) + travel / 2);
  g_assert_cmpuint (lf_visual_count_visible_tokens (visual), ==, 1);
  g_assert_cmpfloat_with_epsilon (lf_token_progress (last_token (visual), lf_visual_get_now (visual)), 0.5, 1e-9);
  g_assert_cmpuint (lf_visual_get_edge_state (visual, (guint) lf_visual_lookup_edge (visual, "notify"))->in_flight, ==, 1);

  lf_visual_set_now (visual, LF_SEC (1) + travel);   /* arrived: gone */
  g_assert_cmpuint (lf_visual_get_n_tokens (visual), ==, 0);
  g_assert_cmpuint (lf_visual_count_visible_tokens (visual), ==, 0);
  g_assert_cmpuint (lf_visual_get_edge_state (visual, (guint) lf_visual_lookup_edge (visual, "notify"))->in_flight, ==, 0);
  g_assert_cmpint (lf_visual_get_edge_state (visual, (guint) lf_visual_lookup_edge (visual, "notify"))->messages, ==, 1);
}

static void
test_visual_no_duplicate (void)
{
  g_autoptr(LfScenario) scenario = small_scenario ();
  g_autoptr(LfVisual) visual = lf_visual_new (scenario);
  LfRecord rec;
  guint32 msgs[] = { 7 };

  /* notify, then the enqueue and the async invoke of the same message: one token */
  feed (visual, LF_REC_NOTIFY, LF_SEC (1), NULL, "notify", 7);
  feed (visual, LF_REC_ENQUEUE, LF_SEC (1), "fn", NULL, 7);
  lf_record_init (&rec, LF_REC_INVOKE_START, LF_SEC (1));
  rec.node = "fn", rec.edge = "notify", rec.msgs = msgs, rec.n_msgs = 1, rec.path = "async", rec.attempt = 1;
  lf_visual_feed (visual, &rec);
  g_assert_cmpuint (lf_visual_get_n_tokens (visual), ==, 1);
  g_assert_cmpint (lf_visual_get_node_state (visual, (guint) lf_visual_lookup_node (visual, "fn"))->invocations, ==, 1);
}

static void
test_visual_fanout_waits (void)
{
  g_autoptr(LfScenario) scenario = small_scenario ();
  g_autoptr(LfVisual) visual = lf_visual_new (scenario);
  LfTime travel = LF_MSEC (500);
  LfRecord rec;

  lf_visual_set_travel_time (visual, travel);
  feed (visual, LF_REC_NOTIFY, LF_SEC (2), NULL, "to-topic", 10);
  lf_record_init (&rec, LF_REC_NOTIFY, LF_SEC (2));
  rec.edge = "sub", rec.msg = 11, rec.parent = 10;
  lf_visual_feed (visual, &rec);
  g_assert_cmpuint (lf_visual_get_n_tokens (visual), ==, 2);
  /* the child leaves the topic when its parent's token arrives there */
  g_assert_cmpint (last_token (visual)->start, ==, LF_SEC (2) + travel);
  lf_visual_set_now (visual, LF_SEC (2) + travel / 2);
  g_assert_cmpuint (lf_visual_count_visible_tokens (visual), ==, 1);
  lf_visual_set_now (visual, LF_SEC (2) + travel + travel / 2);
  g_assert_cmpuint (lf_visual_count_visible_tokens (visual), ==, 1);
  g_assert_cmpint (last_token (visual)->edge, ==, lf_visual_lookup_edge (visual, "sub"));
}

static void
test_visual_esm (void)
{
  g_autoptr(LfScenario) scenario = small_scenario ();
  g_autoptr(LfVisual) visual = lf_visual_new (scenario);
  guint32 msgs[] = { 3, 4, 5, 6 };
  LfRecord rec;
  const LfToken *t;

  lf_record_init (&rec, LF_REC_POLL, LF_SEC (1));
  rec.edge = "esm", rec.count = 4;
  lf_visual_feed (visual, &rec);
  t = last_token (visual);
  g_assert_cmpfloat (t->from, ==, 0.f);
  g_assert_cmpfloat (t->to, ==, 0.5f);      /* to the poller */
  g_assert_cmpuint (t->count, ==, 4);
  g_assert_cmpint (lf_visual_get_node_state (visual, (guint) lf_visual_lookup_node (visual, "queue"))->in_flight, ==, 4);

  lf_record_init (&rec, LF_REC_INVOKE_START, LF_SEC (1));
  rec.node = "fn", rec.edge = "esm", rec.msgs = msgs, rec.n_msgs = 4, rec.path = "esm", rec.attempt = 2;
  lf_visual_feed (visual, &rec);
  t = last_token (visual);
  g_assert_cmpfloat (t->from, ==, 0.5f);    /* from the poller, a retried batch */
  g_assert_cmpfloat (t->to, ==, 1.f);
  g_assert_cmpuint (t->count, ==, 4);
  g_assert_cmpint (t->kind, ==, LF_TOKEN_RETRY);
  /* only what reaches the function counts toward the edge's messages */
  g_assert_cmpint (lf_visual_get_edge_state (visual, (guint) lf_visual_lookup_edge (visual, "esm"))->messages, ==, 4);
}

static void
test_visual_band (void)
{
  g_autoptr(LfScenario) scenario = small_scenario ();
  g_autoptr(LfVisual) visual = lf_visual_new (scenario);
  int e = lf_visual_lookup_edge (visual, "notify");

  lf_visual_set_travel_time (visual, LF_SEC (1));
  lf_visual_set_band_threshold (visual, 4);
  for (guint i = 0; i < 3; i++)
    feed (visual, LF_REC_NOTIFY, LF_SEC (10), NULL, "notify", i + 1);
  g_assert_false (lf_visual_get_edge_state (visual, (guint) e)->band);
  g_assert_cmpuint (tokens_on (visual, "notify"), ==, 3);
  for (guint i = 3; i < 40; i++)
    feed (visual, LF_REC_NOTIFY, LF_SEC (10), NULL, "notify", i + 1);
  /* more than 4 in flight: a band with a rate, and no more tokens stored */
  g_assert_true (lf_visual_get_edge_state (visual, (guint) e)->band);
  g_assert_cmpuint (tokens_on (visual, "notify"), <=, 4);
  g_assert_cmpfloat (lf_visual_get_edge_state (visual, (guint) e)->rate, >, 4.0);
  g_assert_cmpint (lf_visual_get_edge_state (visual, (guint) e)->messages, ==, 40);
  lf_visual_set_now (visual, LF_SEC (10) + LF_MSEC (500));
  g_assert_cmpuint (lf_visual_count_visible_tokens (visual), ==, 0);   /* bands draw no tokens */
  /* a quiet minute later the edge draws tokens again */
  lf_visual_set_now (visual, LF_SEC (70));
  g_assert_false (lf_visual_get_edge_state (visual, (guint) e)->band);
  feed (visual, LF_REC_NOTIFY, LF_SEC (70), NULL, "notify", 99);
  g_assert_cmpuint (tokens_on (visual, "notify"), ==, 1);
}

static void
test_visual_capacity (void)
{
  g_autoptr(LfScenario) scenario = small_scenario ();
  g_autoptr(LfVisual) visual = lf_visual_new (scenario);
  const char *edges[] = { "notify", "to-topic", "dead", "fail" };

  lf_visual_set_capacity (visual, 8);
  lf_visual_set_band_threshold (visual, 1000);
  lf_visual_set_travel_time (visual, LF_SEC (60));
  for (guint i = 0; i < 20; i++)
    feed (visual, LF_REC_NOTIFY, LF_SEC (1) + i, NULL, edges[i % 4], i + 1);
  g_assert_cmpuint (lf_visual_get_n_tokens (visual), ==, 8);
  g_assert_cmpuint (lf_visual_get_n_dropped (visual), ==, 12);
  g_assert_cmpuint (lf_visual_get_token (visual, 0)->msg, ==, 13);   /* the newest stay */
}

static void
test_visual_counters (void)
{
  g_autoptr(LfScenario) scenario = small_scenario ();
  g_autoptr(LfVisual) visual = lf_visual_new (scenario);
  int fn = lf_visual_lookup_node (visual, "fn");
  const LfNodeState *st = lf_visual_get_node_state (visual, (guint) fn);
  guint32 msgs[] = { 5 };
  LfRecord rec;

  lf_record_init (&rec, LF_REC_INVOKE_START, LF_SEC (1));
  rec.node = "fn", rec.msgs = msgs, rec.n_msgs = 1, rec.path = "async", rec.attempt = 1;
  lf_visual_feed (visual, &rec);
  lf_visual_feed (visual, &rec);
  g_assert_cmpint (st->invocations, ==, 2);
  g_assert_cmpint (st->running, ==, 2);
  lf_record_init (&rec, LF_REC_INVOKE_END, LF_SEC (2));
  rec.node = "fn", rec.status = "error";
  lf_visual_feed (visual, &rec);
  rec.status = "ok";
  lf_visual_feed (visual, &rec);
  g_assert_cmpint (st->running, ==, 0);
  g_assert_cmpint (st->errors, ==, 1);
  g_assert_cmpint (st->last_error, ==, LF_SEC (2));

  lf_record_init (&rec, LF_REC_THROTTLE, LF_SEC (3));
  rec.node = "fn", rec.msgs = msgs, rec.n_msgs = 1;
  lf_visual_feed (visual, &rec);
  g_assert_cmpint (st->throttles, ==, 1);
  g_assert_cmpint (st->last_throttle, ==, LF_SEC (3));

  /* a retry loops back on the function */
  lf_record_init (&rec, LF_REC_RETRY, LF_SEC (4));
  rec.node = "fn", rec.msgs = msgs, rec.n_msgs = 1, rec.due = LF_SEC (64), rec.reason = "error";
  lf_visual_feed (visual, &rec);
  g_assert_cmpint (st->retries, ==, 1);
  g_assert_cmpint (last_token (visual)->edge, ==, -1);
  g_assert_cmpint (last_token (visual)->node, ==, fn);
  g_assert_cmpint (last_token (visual)->kind, ==, LF_TOKEN_RETRY);

  /* the DLQ gets a red token along the dlq edge and a message */
  lf_record_init (&rec, LF_REC_DLQ, LF_SEC (5));
  rec.node = "dlq", rec.msg = 5, rec.from = "fn";
  lf_visual_feed (visual, &rec);
  feed (visual, LF_REC_ENQUEUE, LF_SEC (5), "dlq", NULL, 5);
  g_assert_cmpint (last_token (visual)->edge, ==, lf_visual_lookup_edge (visual, "dead"));
  g_assert_cmpint (last_token (visual)->kind, ==, LF_TOKEN_DLQ);
  g_assert_cmpint (lf_visual_get_node_state (visual, (guint) lf_visual_lookup_node (visual, "dlq"))->depth, ==, 1);

  /* an on-failure record along the on_failure edge */
  lf_record_init (&rec, LF_REC_DESTINATION, LF_SEC (5));
  rec.node = "dest", rec.msg = 6, rec.from = "fn", rec.condition = "RetriesExhausted";
  lf_visual_feed (visual, &rec);
  g_assert_cmpint (last_token (visual)->edge, ==, lf_visual_lookup_edge (visual, "fail"));
  g_assert_cmpint (last_token (visual)->kind, ==, LF_TOKEN_FAILURE);
}

static void
test_visual_reset (void)
{
  g_autoptr(LfScenario) scenario = small_scenario ();
  g_autoptr(LfVisual) visual = lf_visual_new (scenario);

  feed (visual, LF_REC_ENQUEUE, LF_SEC (5), "dlq", NULL, 5);
  feed (visual, LF_REC_NOTIFY, LF_SEC (5), NULL, "notify", 6);
  lf_visual_set_now (visual, LF_SEC (5));
  /* the clock going back (a sim reset) starts over */
  lf_visual_set_now (visual, 0);
  g_assert_cmpuint (lf_visual_get_n_tokens (visual), ==, 0);
  g_assert_cmpint (lf_visual_get_node_state (visual, (guint) lf_visual_lookup_node (visual, "dlq"))->depth, ==, 0);
}

/* ---- LfVisual on a real sim ------------------------------------------------------- */

static void
test_visual_sim (void)
{
  g_autofree char *path = source_path ("data", "scenarios", "async-retries.lflow.json", NULL);
  g_autoptr(LfSim) sim = NULL;
  g_autoptr(LfVisual) visual = run_to (path, LF_SEC (200), &sim);
  g_autoptr(JsonNode) report = lf_sim_build_report (sim, 0);
  JsonObject *nodes = json_object_get_object_member (json_node_get_object (report), "nodes");
  JsonObject *fn = json_object_get_object_member (nodes, "thumbnailer");
  const LfNodeState *st = lf_visual_get_node_state (visual, (guint) lf_visual_lookup_node (visual, "thumbnailer"));
  const LfNodeState *dlq = lf_visual_get_node_state (visual, (guint) lf_visual_lookup_node (visual, "failed-thumbnails"));

  g_assert_cmpint (lf_visual_get_now (visual), ==, LF_SEC (200));
  g_assert_cmpint (st->invocations, ==, json_object_get_int_member (fn, "invocations"));
  g_assert_cmpint (st->errors, ==, json_object_get_int_member (fn, "errors") + json_object_get_int_member (fn, "timeouts"));
  g_assert_cmpint (st->retries, >, 0);
  g_assert_cmpint (dlq->depth, >, 0);
  g_assert_cmpint (dlq->depth, ==, lf_sim_node_depth (sim, "failed-thumbnails"));
  g_assert_cmpuint (lf_visual_get_n_dropped (visual), ==, 0);

  /* a visual freed before its sim leaves the sim safe to run on */
  g_clear_object (&visual);
  lf_sim_run_until (sim, LF_SEC (210), 0);
}

/* ---- LfPainter -------------------------------------------------------------------- */

static void
test_painter_cache (void)
{
  g_autoptr(LfScenario) scenario = small_scenario ();
  g_autoptr(LfPainter) painter = lf_painter_new ();
  cairo_surface_t *s;

  lf_painter_set_scenario (painter, scenario);
  s = draw_image (painter, NULL, 400, 300);
  cairo_surface_destroy (s);
  s = draw_image (painter, NULL, 400, 300);
  cairo_surface_destroy (s);
  g_assert_cmpuint (lf_painter_get_static_draws (painter), ==, 1);   /* cached */
  lf_painter_set_style (painter, LF_PAINTER_STYLE_DARK);
  s = draw_image (painter, NULL, 400, 300);
  cairo_surface_destroy (s);
  g_assert_cmpuint (lf_painter_get_static_draws (painter), ==, 2);   /* style */
  s = draw_image (painter, NULL, 500, 300);
  cairo_surface_destroy (s);
  g_assert_cmpuint (lf_painter_get_static_draws (painter), ==, 3);   /* size and zoom */
  lf_painter_invalidate (painter);
  s = draw_image (painter, NULL, 500, 300);
  cairo_surface_destroy (s);
  g_assert_cmpuint (lf_painter_get_static_draws (painter), ==, 4);   /* model */
}

static void
test_painter_hit_test (void)
{
  g_autoptr(LfScenario) scenario = small_scenario ();
  g_autoptr(LfPainter) painter = lf_painter_new ();
  cairo_rectangle_t r, b;
  double x, y, scale;

  lf_painter_set_scenario (painter, scenario);
  lf_painter_set_view (painter, 0.5, 10, 20);
  g_assert_true (lf_painter_get_node_rect (painter, "fn", &r));
  g_assert_cmpfloat_with_epsilon (r.x, 300 * 0.5 + 10, 1e-9);
  g_assert_cmpfloat_with_epsilon (r.width, LF_PAINTER_NODE_WIDTH * 0.5, 1e-9);
  g_assert_cmpstr (lf_painter_node_at (painter, r.x + r.width / 2, r.y + r.height / 2), ==, "fn");
  g_assert_null (lf_painter_node_at (painter, r.x - 5, r.y - 5));
  g_assert_false (lf_painter_get_node_rect (painter, "nope", &r));

  x = 10, y = 20;
  lf_painter_view_to_model (painter, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, 0, 1e-9);
  lf_painter_model_to_view (painter, &x, &y);
  g_assert_cmpfloat_with_epsilon (y, 20, 1e-9);

  /* the fitted diagram lies inside the area, margins included */
  lf_painter_fit (painter, &(cairo_rectangle_t) { 0, 50, 800, 600 }, 20, 4);
  lf_painter_get_view (painter, &scale, NULL, NULL);
  g_assert_true (lf_painter_get_bounds (painter, &b));
  x = b.x, y = b.y;
  lf_painter_model_to_view (painter, &x, &y);
  g_assert_cmpfloat (x, >=, 20 - 1e-6);
  g_assert_cmpfloat (y, >=, 70 - 1e-6);
  x = b.x + b.width, y = b.y + b.height;
  lf_painter_model_to_view (painter, &x, &y);
  g_assert_cmpfloat (x, <=, 780 + 1e-6);
  g_assert_cmpfloat (y, <=, 630 + 1e-6);
  g_assert_cmpfloat (scale, >, 0);
}

static void
test_painter_edge_hit (void)
{
  g_autoptr(LfScenario) scenario = small_scenario ();
  g_autoptr(LfPainter) painter = lf_painter_new ();
  cairo_rectangle_t a, b;

  lf_painter_set_scenario (painter, scenario);
  lf_painter_set_view (painter, 1, 0, 0);
  /* the dlq edge runs from fn's right side to dlq's left side */
  g_assert_true (lf_painter_get_node_rect (painter, "fn", &a));
  g_assert_true (lf_painter_get_node_rect (painter, "dlq", &b));
  g_assert_null (lf_painter_edge_at (painter, a.x + 5, a.y + 5, 4));
  g_assert_nonnull (lf_painter_edge_at (painter, (a.x + a.width + b.x) / 2, (a.y + b.y + b.height) / 2, 40));
}

static cairo_status_t
count_bytes (void                *closure,
             const unsigned char *data,
             unsigned int         length)
{
  *(gsize *) closure += length;
  (void) data;
  return CAIRO_STATUS_SUCCESS;
}

static void
test_painter_vector (void)
{
  g_autofree char *path = source_path ("data", "scenarios", "async-retries.lflow.json", NULL);
  g_autoptr(LfSim) sim = NULL;
  g_autoptr(LfVisual) visual = run_to (path, LF_SEC (200), &sim);
  g_autoptr(LfPainter) painter = lf_painter_new ();
  cairo_rectangle_t area = { 0, 0, 640, 400 };
  cairo_rectangle_t extents = { 0, 0, 640, 400 };
  cairo_surface_t *surfaces[3];
  gsize bytes[2] = { 0, 0 };

  lf_painter_set_scenario (painter, lf_visual_get_scenario (visual));
  lf_painter_set_icon_dir (painter, g_getenv ("LF_NODE_ICON_DIR"));
  lf_painter_fit (painter, &area, 16, 1.5);
  surfaces[0] = cairo_svg_surface_create_for_stream (count_bytes, &bytes[0], 640, 400);
  surfaces[1] = cairo_pdf_surface_create_for_stream (count_bytes, &bytes[1], 640, 400);
  surfaces[2] = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, &extents);
  for (guint i = 0; i < G_N_ELEMENTS (surfaces); i++)
    {
      cairo_t *cr = cairo_create (surfaces[i]);
      lf_painter_draw (painter, cr, 640, 400, visual);
      lf_painter_draw_caption (painter, cr, 640, "Vector", lf_visual_get_now (visual));
      g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
      cairo_destroy (cr);
      cairo_surface_finish (surfaces[i]);
      g_assert_cmpint (cairo_surface_status (surfaces[i]), ==, CAIRO_STATUS_SUCCESS);
      cairo_surface_destroy (surfaces[i]);
    }
  g_assert_cmpuint (bytes[0], >, 10000);
  g_assert_cmpuint (bytes[1], >, 5000);
  g_assert_cmpuint (lf_painter_get_static_draws (painter), ==, 3);   /* vectors are never cached */
}

static void
test_painter_icons (void)
{
  const char *dir = g_getenv ("LF_NODE_ICON_DIR");
  g_autoptr(LfScenario) scenario = lf_scenario_new ();
  g_autoptr(LfPainter) painter = lf_painter_new ();
  cairo_surface_t *with, *without;
  guint drawn = 0;

  /* every node type, drawn once with the SVG icons (where drawn yet) and once without */
  for (int t = LF_NODE_CLIENT; t < LF_N_NODE_TYPES; t++)
    {
      g_autofree char *id = g_strdup_printf ("n%d", t);
      lf_scenario_add_node (scenario, id, (LfNodeType) t, (t - 1) % 5 * 220.0, (t - 1) / 5 * 100.0);
    }
  lf_painter_set_scenario (painter, scenario);
  without = draw_image (painter, NULL, 1100, 260);
  lf_painter_set_icon_dir (painter, dir);
  with = draw_image (painter, NULL, 1100, 260);
  for (int t = LF_NODE_CLIENT; t < LF_N_NODE_TYPES; t++)
    {
      g_autofree char *name = g_strdup_printf ("%s.svg", lf_node_type_to_string ((LfNodeType) t));
      g_autofree char *file = g_build_filename (dir, name, NULL);
      drawn += g_file_test (file, G_FILE_TEST_EXISTS);
    }
  /* the SVGs replace the built-in glyphs of the types that have one, and only those */
  g_test_message ("%u of %d node types have an SVG icon", drawn, LF_N_NODE_TYPES - 1);
  g_assert_cmpint (memcmp (cairo_image_surface_get_data (with), cairo_image_surface_get_data (without),
                           (gsize) cairo_image_surface_get_stride (with) * 260) != 0, ==, drawn > 0);
  cairo_surface_destroy (with);
  cairo_surface_destroy (without);
}

/* ---- rendered scenarios ----------------------------------------------------------- */

static void
test_render_dlq_badge (void)
{
  g_autofree char *path = source_path ("data", "scenarios", "async-retries.lflow.json", NULL);
  const guint32 purple = 0x9141ac, red = 0xe01b24;
  LfTime times[] = { LF_SEC (190), LF_SEC (200) };

  /* the first event reaches the DLQ at 194.07 s: no depth badge before, one after */
  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      g_autoptr(LfSim) sim = NULL;
      g_autoptr(LfVisual) visual = run_to (path, times[i], &sim);
      g_autoptr(LfPainter) painter = lf_painter_new ();
      cairo_surface_t *s;
      cairo_rectangle_t r;

      lf_painter_set_scenario (painter, lf_visual_get_scenario (visual));
      s = draw_image (painter, visual, 1280, 800);
      if (i == 0)
        g_assert_false (lf_painter_get_badge_rect (painter, "failed-thumbnails", LF_BADGE_DEPTH, &r));
      else
        {
          g_assert_true (lf_painter_get_badge_rect (painter, "failed-thumbnails", LF_BADGE_DEPTH, &r));
          g_assert_cmpfloat (share_of_colour (s, &r, purple, 24), >, 0.5);
        }
      g_assert_true (lf_painter_get_badge_rect (painter, "thumbnailer", LF_BADGE_ERRORS, &r));
      g_assert_cmpfloat (share_of_colour (s, &r, red, 24), >, 0.5);
      g_assert_false (lf_painter_get_badge_rect (painter, "photos", LF_BADGE_INVOCATIONS, &r));
      cairo_surface_destroy (s);
    }
}

static gboolean
rects_overlap (const cairo_rectangle_t *a,
               const cairo_rectangle_t *b)
{
  return a->x < b->x + b->width && b->x < a->x + a->width &&
         a->y < b->y + b->height && b->y < a->y + a->height;
}

static void
test_render_every_service (void)
{
  g_autofree char *path = source_path ("tests", "scenarios", "run", "every-service.lflow.json", NULL);
  g_autoptr(LfSim) sim = NULL;
  g_autoptr(LfVisual) visual = run_to (path, LF_SEC (90), &sim);
  g_autoptr(LfPainter) painter = lf_painter_new ();
  GPtrArray *nodes = lf_scenario_get_nodes (lf_visual_get_scenario (visual));
  cairo_surface_t *s;
  /* DLQ red, on-success green, on-failure orange, async blue, a token's blue */
  const guint32 colours[] = { 0xe01b24, 0x26a269, 0xe66100, 0x1c71d8, 0x3584e4 };

  lf_painter_set_scenario (painter, lf_visual_get_scenario (visual));
  lf_painter_set_icon_dir (painter, g_getenv ("LF_NODE_ICON_DIR"));
  s = draw_image (painter, visual, 1280, 800);
  for (guint i = 0; i < nodes->len; i++)
    {
      LfNode *a = g_ptr_array_index (nodes, i);
      cairo_rectangle_t ra;

      g_assert_true (lf_painter_get_node_rect (painter, a->id, &ra));
      g_assert_cmpfloat (ra.x, >=, 0);
      g_assert_cmpfloat (ra.y, >=, 0);
      g_assert_cmpfloat (ra.x + ra.width, <=, 1280);
      g_assert_cmpfloat (ra.y + ra.height, <=, 800);
      for (guint j = i + 1; j < nodes->len; j++)
        {
          cairo_rectangle_t rb;
          g_assert_true (lf_painter_get_node_rect (painter, ((LfNode *) g_ptr_array_index (nodes, j))->id, &rb));
          g_assert_false (rects_overlap (&ra, &rb));
        }
    }
  for (guint c = 0; c < G_N_ELEMENTS (colours); c++)
    g_assert_cmpuint (count_colour (s, colours[c], 16), >, 20);
  g_assert_cmpuint (lf_visual_count_visible_tokens (visual), >, 10);
  cairo_surface_destroy (s);
}

/* HiDPI: a surface with device scale 2 gets a twice as detailed drawing of one layout. */
static void
test_render_hidpi (void)
{
  g_autofree char *path = source_path ("data", "scenarios", "async-retries.lflow.json", NULL);
  g_autoptr(LfSim) sim = NULL;
  g_autoptr(LfVisual) visual = run_to (path, LF_SEC (200), &sim);
  g_autoptr(LfPainter) painter = lf_painter_new ();
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1280, 800);
  cairo_rectangle_t area = { 0, 0, 640, 400 }, r1, r2;
  cairo_t *cr;

  cairo_surface_set_device_scale (s, 2, 2);
  lf_painter_set_scenario (painter, lf_visual_get_scenario (visual));
  lf_painter_fit (painter, &area, 16, 1.5);
  cr = cairo_create (s);
  lf_painter_draw (painter, cr, 640, 400, visual);
  cairo_destroy (cr);
  cairo_surface_flush (s);
  g_assert_true (lf_painter_get_badge_rect (painter, "thumbnailer", LF_BADGE_ERRORS, &r1));
  r2 = (cairo_rectangle_t) { r1.x * 2, r1.y * 2, r1.width * 2, r1.height * 2 };
  g_assert_cmpfloat (share_of_colour (s, &r2, 0xe01b24, 24), >, 0.5);
  cairo_surface_destroy (s);
}

/* ---- golden images ---------------------------------------------------------------- */

/* The golden scenario's live state: every live mark, from synthetic records (in time
 * order, as a sim emits them: an earlier record would mean a reset). */
static LfVisual *
golden_visual (LfScenario *scenario)
{
  LfVisual *visual = lf_visual_new (scenario);
  guint32 batch[] = { 21, 22, 23, 24, 25 }, one[] = { 30 };
  LfTime t = LF_SEC (10);
  LfRecord rec;

  lf_visual_set_travel_time (visual, LF_SEC (1));
  for (guint i = 0; i < 7; i++)
    feed (visual, LF_REC_ENQUEUE, t - LF_SEC (2), "jobs", NULL, 40 + i);
  for (guint i = 0; i < 3; i++)
    {
      lf_record_init (&rec, LF_REC_INVOKE_START, t - LF_SEC (1));
      rec.node = "resize", rec.msgs = one, rec.n_msgs = 1, rec.path = "async", rec.attempt = 1;
      lf_visual_feed (visual, &rec);
    }
  lf_record_init (&rec, LF_REC_DESTINATION, t - LF_MSEC (600));
  rec.node = "done", rec.msg = 50, rec.from = "worker", rec.condition = "Success";
  lf_visual_feed (visual, &rec);
  feed (visual, LF_REC_NOTIFY, t - LF_MSEC (500), NULL, "e-up", 1);
  lf_record_init (&rec, LF_REC_DLQ, t - LF_MSEC (400));
  rec.node = "dead", rec.msg = 9, rec.from = "resize";
  lf_visual_feed (visual, &rec);
  feed (visual, LF_REC_ENQUEUE, t - LF_MSEC (400), "dead", NULL, 9);
  lf_record_init (&rec, LF_REC_RETRY, t - LF_MSEC (350));
  rec.node = "resize", rec.msgs = one, rec.n_msgs = 1, rec.due = t + LF_SEC (60), rec.reason = "error";
  lf_visual_feed (visual, &rec);
  lf_record_init (&rec, LF_REC_INVOKE_START, t - LF_MSEC (300));
  rec.node = "worker", rec.edge = "e-esm", rec.msgs = batch, rec.n_msgs = 5, rec.path = "esm", rec.attempt = 1;
  lf_visual_feed (visual, &rec);
  lf_record_init (&rec, LF_REC_POLL, t - LF_MSEC (250));
  rec.edge = "e-esm", rec.count = 3;
  lf_visual_feed (visual, &rec);
  lf_record_init (&rec, LF_REC_INVOKE_END, t - LF_MSEC (200));
  rec.node = "resize", rec.status = "error";
  lf_visual_feed (visual, &rec);
  lf_record_init (&rec, LF_REC_THROTTLE, t - LF_MSEC (100));
  rec.node = "worker", rec.msgs = one, rec.n_msgs = 1;
  lf_visual_feed (visual, &rec);
  lf_visual_set_now (visual, t);
  return visual;
}

static void
compare_golden (cairo_surface_t *actual,
                const char      *name)
{
  g_autofree char *file = g_strdup_printf ("%s.png", name);
  g_autofree char *golden_path = g_test_build_filename (G_TEST_DIST, "golden", file, NULL);
  g_autofree char *actual_name = g_strdup_printf ("%s-actual.png", name);
  g_autofree char *actual_path = g_test_build_filename (G_TEST_BUILT, actual_name, NULL);
  cairo_surface_t *golden;
  int w = cairo_image_surface_get_width (actual), h = cairo_image_surface_get_height (actual);
  guint64 close = 0;
  double share;

  if (g_strcmp0 (g_getenv ("LF_UPDATE_GOLDEN"), "1") == 0)
    {
      g_assert_cmpint (cairo_surface_write_to_png (actual, golden_path), ==, CAIRO_STATUS_SUCCESS);
      g_test_message ("rewrote %s", golden_path);
      return;
    }
  golden = cairo_image_surface_create_from_png (golden_path);
  if (cairo_surface_status (golden) != CAIRO_STATUS_SUCCESS ||
      cairo_image_surface_get_width (golden) != w || cairo_image_surface_get_height (golden) != h)
    {
      cairo_surface_write_to_png (actual, actual_path);
      cairo_surface_destroy (golden);
      g_error ("%s: missing or of another size; the drawing is in %s "
               "(LF_UPDATE_GOLDEN=1 writes it)", golden_path, actual_path);
    }
  cairo_surface_flush (golden);
  for (int y = 0; y < h; y++)
    {
      const guint32 *a = (const guint32 *) (cairo_image_surface_get_data (actual) + y * cairo_image_surface_get_stride (actual));
      const guint32 *g = (const guint32 *) (cairo_image_surface_get_data (golden) + y * cairo_image_surface_get_stride (golden));
      for (int x = 0; x < w; x++)
        {
          gboolean ok = TRUE;
          for (int shift = 0; shift < 32; shift += 8)
            ok &= abs ((int) ((a[x] >> shift) & 0xff) - (int) ((g[x] >> shift) & 0xff)) <= GOLDEN_TOLERANCE;
          close += ok;
        }
    }
  cairo_surface_destroy (golden);
  share = (double) close / ((double) w * h);
  if (share < GOLDEN_MIN_SHARE)
    {
      cairo_surface_write_to_png (actual, actual_path);
      g_error ("%s: only %.2f %% of the pixels match %s within %d; the drawing is in %s",
               name, share * 100, golden_path, GOLDEN_TOLERANCE, actual_path);
    }
}

static void
test_golden (gconstpointer data)
{
  LfPainterStyle style = GPOINTER_TO_INT (data);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "golden.lflow.json", NULL);
  g_autoptr(LfScenario) scenario = load (path);
  g_autoptr(LfVisual) visual = golden_visual (scenario);
  g_autoptr(LfPainter) painter = lf_painter_new ();
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 720, 420);
  cairo_rectangle_t area = { 0, LF_PAINTER_CAPTION_HEIGHT, 720, 420 - LF_PAINTER_CAPTION_HEIGHT };
  cairo_t *cr = cairo_create (s);

  lf_painter_set_scenario (painter, scenario);
  lf_painter_set_style (painter, style);   /* built-in glyphs: no icon dir */
  lf_painter_fit (painter, &area, 16, 1.0);
  lf_painter_draw (painter, cr, 720, 420, visual);
  lf_painter_draw_caption (painter, cr, 720, lf_scenario_get_title (scenario), lf_visual_get_now (visual));
  cairo_destroy (cr);
  cairo_surface_flush (s);
  compare_golden (s, style == LF_PAINTER_STYLE_DARK ? "golden-dark" : "golden-light");
  cairo_surface_destroy (s);
}

/* ---- the machinery under cards (lf-inspect.h) ------------------------------------- */

/* The tray of a node drawn at t of a bundled scenario, light, 1280×800 (≈ 1.5× zoom). */
typedef struct {
  LfSim           *sim;
  LfVisual        *visual;
  LfPainter       *painter;
  cairo_surface_t *surface;
} Drawn;

static void
drawn_clear (Drawn *d)
{
  cairo_surface_destroy (d->surface);
  g_clear_object (&d->painter);
  g_clear_object (&d->visual);
  g_clear_object (&d->sim);
}

static void
draw_bundled (Drawn          *d,
              const char     *name,
              LfTime          t,
              LfPainterStyle  style,
              int             width,
              int             height)
{
  g_autofree char *path = source_path ("data", "scenarios", name, NULL);

  d->visual = run_to (path, t, &d->sim);
  d->painter = lf_painter_new ();
  lf_painter_set_scenario (d->painter, lf_visual_get_scenario (d->visual));
  lf_painter_set_style (d->painter, style);
  d->surface = draw_image (d->painter, d->visual, width, height);
}

static void
advance (Drawn  *d,
         LfTime  t)
{
  cairo_t *cr;

  lf_sim_run_until (d->sim, t, 0);
  lf_visual_sync (d->visual);
  cairo_surface_destroy (d->surface);
  d->surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1280, 800);
  cr = cairo_create (d->surface);
  lf_painter_draw (d->painter, cr, 1280, 800, d->visual);
  cairo_destroy (cr);
  cairo_surface_flush (d->surface);
}

static const char *
row_note (Drawn             *d,
          const char        *node,
          guint              row,
          cairo_rectangle_t *rect)
{
  const char *note = NULL;

  g_assert_true (lf_painter_get_tray_row (d->painter, node, row, rect, &note));
  return note;
}

/* Scenario 15 at 12 s: ledger.fifo has a lane per group; group-2's failed batch blocks
 * it, red with a lock, visible again in 19 s (at 30.438 s) [FIFO-2, SQS-9]. */
static void
test_machinery_fifo (void)
{
  const guint32 red = 0xe01b24, blue = 0x1c71d8;
  cairo_rectangle_t r0, r1, r2, card;
  Drawn d = { 0 };

  draw_bundled (&d, "15-sqs-fifo-groups.lflow.json", LF_SEC (12), LF_PAINTER_STYLE_LIGHT, 1280, 800);
  g_assert_cmpuint (lf_painter_get_tray_rows (d.painter, "ledger-fifo"), ==, 3);
  g_assert_cmpuint (lf_painter_get_tray_rows (d.painter, "ledger-dlq-fifo"), ==, 0);   /* empty */
  g_assert_cmpuint (lf_painter_get_tray_rows (d.painter, "post-ledger-entry"), ==, 0);  /* no async queue */
  g_assert_cmpstr (row_note (&d, "ledger-fifo", 0, &r0), ==, "");
  g_assert_cmpstr (row_note (&d, "ledger-fifo", 1, &r1), ==, "back in 19 s");
  g_assert_cmpstr (row_note (&d, "ledger-fifo", 2, &r2), ==, "");
  g_assert_false (lf_painter_get_tray_row (d.painter, "ledger-fifo", 3, NULL, NULL));
  /* the tray hangs under the card, rows one under the other */
  g_assert_true (lf_painter_get_node_rect (d.painter, "ledger-fifo", &card));
  g_assert_cmpfloat (r0.y, >=, card.y + card.height);
  g_assert_cmpfloat (r1.y, >=, r0.y + r0.height - 0.01);
  g_assert_cmpfloat (r0.x, >, card.x);
  g_assert_cmpfloat (r0.x + r0.width, <, card.x + card.width);
  /* group-2 in red (lock, failed head, countdown); the others are blue heads in flight */
  g_assert_cmpfloat (share_of_colour (d.surface, &r1, red, 24), >, 0.08);
  g_assert_cmpfloat (share_of_colour (d.surface, &r0, red, 24), <, 0.005);
  g_assert_cmpfloat (share_of_colour (d.surface, &r2, red, 24), <, 0.005);
  g_assert_cmpfloat (share_of_colour (d.surface, &r0, blue, 16), >, 0.03);
  cairo_surface_write_to_png (d.surface, "machinery-fifo-12s.png");

  /* 31 s: received again (in flight, blue), no countdown; 45 s: failed again, back at 50.438 s */
  advance (&d, LF_SEC (31));
  g_assert_cmpstr (row_note (&d, "ledger-fifo", 1, &r1), ==, "");
  g_assert_cmpfloat (share_of_colour (d.surface, &r1, red, 24), <, 0.005);
  g_assert_cmpfloat (share_of_colour (d.surface, &r1, blue, 16), >, 0.05);
  advance (&d, LF_SEC (45));
  g_assert_cmpstr (row_note (&d, "ledger-fifo", 1, &r1), ==, "back in 6 s");
  drawn_clear (&d);
}

/* Scenario 13 at 12 s: the first batch failed (timeout) and its 10 messages wait out the
 * 60 s visibility timeout: red cells in the queue's strip, no tray [SQS-1, SQS-9]. */
static void
test_machinery_standard_queue (void)
{
  const guint32 red = 0xe01b24;
  cairo_rectangle_t card, strip;
  Drawn d = { 0 };

  draw_bundled (&d, "13-sqs-standard-batches.lflow.json", LF_SEC (5), LF_PAINTER_STYLE_LIGHT, 1280, 800);
  g_assert_true (lf_painter_get_node_rect (d.painter, "orders-queue", &card));
  strip = (cairo_rectangle_t) { card.x + card.width * 0.3, card.y + card.height * 0.55,
                                card.width * 0.65, card.height * 0.35 };
  g_assert_cmpuint (lf_painter_get_tray_rows (d.painter, "orders-queue"), ==, 0);
  g_assert_cmpfloat (share_of_colour (d.surface, &strip, red, 24), <, 0.002);
  advance (&d, LF_SEC (12));
  g_assert_cmpfloat (share_of_colour (d.surface, &strip, red, 24), >, 0.05);
  g_assert_cmpuint (lf_painter_get_tray_rows (d.painter, "orders-queue"), ==, 0);
  drawn_clear (&d);
}

/* Scenario 11 at 14 s: shard 1 of the default mapping is blocked by the poison record,
 * red with its countdown; the tuned mapping has bisected [STREAM-1, STREAM-5]. At 60 s
 * the default one still holds its checkpoint, the tuned one is through. */
static void
test_machinery_stream (void)
{
  const guint32 red = 0xe01b24, green = 0x26a269;
  cairo_rectangle_t r0, r1;
  const char *note;
  Drawn d = { 0 };

  draw_bundled (&d, "11-kinesis-poison-record.lflow.json", LF_SEC (14), LF_PAINTER_STYLE_LIGHT, 1280, 800);
  g_assert_cmpuint (lf_painter_get_tray_rows (d.painter, "orders-stream"), ==, 2);
  g_assert_cmpstr (row_note (&d, "orders-stream", 0, &r0), ==, "");
  g_assert_cmpstr (row_note (&d, "orders-stream", 1, &r1), ==, "retry in 2 s");   /* due at 15.245 s */
  g_assert_cmpfloat (share_of_colour (d.surface, &r1, red, 24), >, 0.08);
  g_assert_cmpfloat (share_of_colour (d.surface, &r0, red, 24), <, 0.005);
  g_assert_cmpfloat (share_of_colour (d.surface, &r1, green, 24), >, 0.03);   /* records behind it */
  note = row_note (&d, "orders-stream-fixed", 1, &r1);
  g_assert_true (g_str_has_prefix (note, "½ retry in"));
  advance (&d, LF_SEC (60));
  g_assert_true (g_str_has_prefix (row_note (&d, "orders-stream", 1, &r1), "retry in"));
  g_assert_cmpfloat (share_of_colour (d.surface, &r1, red, 24), >, 0.08);
  g_assert_cmpstr (row_note (&d, "orders-stream-fixed", 1, &r1), ==, "");
  g_assert_cmpfloat (share_of_colour (d.surface, &r1, red, 24), <, 0.005);
  drawn_clear (&d);
}

/* Scenario 10 at 30 s: PF 10 gives the shard ten lanes, drawn as pips, 8 of them busy. */
static void
test_machinery_parallelization (void)
{
  const guint32 busy = 0xff7800;
  cairo_rectangle_t r0, pf1;
  Drawn d = { 0 };

  draw_bundled (&d, "10-kinesis-parallelization.lflow.json", LF_SEC (30), LF_PAINTER_STYLE_LIGHT, 1280, 800);
  g_assert_cmpuint (lf_painter_get_tray_rows (d.painter, "payments-stream-pf10"), ==, 1);
  row_note (&d, "payments-stream-pf10", 0, &r0);
  row_note (&d, "payments-stream", 0, &pf1);
  g_assert_cmpuint ((guint) (share_of_colour (d.surface, &r0, busy, 16) * r0.width * r0.height), >, 100);
  g_assert_cmpfloat (share_of_colour (d.surface, &pf1, busy, 16), <, 0.002);    /* one lane: no pips */
  drawn_clear (&d);
}

/* Scenario 4: the corrupt object's event waits in make-thumbnail's async queue with its
 * retry countdown: due at 63.8 s, then 184.9 s [ASYNC-2, ASYNC-3]. */
static void
test_machinery_async (void)
{
  const guint32 yellow = 0xe5a50a;
  cairo_rectangle_t r;
  Drawn d = { 0 };

  draw_bundled (&d, "04-s3-async-retries.lflow.json", LF_SEC (20), LF_PAINTER_STYLE_LIGHT, 1280, 800);
  g_assert_cmpuint (lf_painter_get_tray_rows (d.painter, "make-thumbnail"), ==, 1);
  g_assert_cmpstr (row_note (&d, "make-thumbnail", 0, &r), ==, "retry in 44 s");
  g_assert_cmpfloat (share_of_colour (d.surface, &r, yellow, 24), >, 0.01);
  advance (&d, LF_SEC (100));
  g_assert_cmpstr (row_note (&d, "make-thumbnail", 0, &r), ==, "retry in 1m 25s");
  advance (&d, LF_SEC (200));
  g_assert_cmpuint (lf_painter_get_tray_rows (d.painter, "make-thumbnail"), ==, 0);
  drawn_clear (&d);
}

/* Level of detail: no trays when small; fewer rows when a card is in the way. */
static void
test_machinery_detail (void)
{
  g_autofree char *path = source_path ("data", "scenarios", "15-sqs-fifo-groups.lflow.json", NULL);
  g_autoptr(LfSim) sim = NULL;
  g_autoptr(LfVisual) visual = run_to (path, LF_SEC (12), &sim);
  g_autoptr(LfPainter) painter = lf_painter_new ();
  g_autoptr(LfScenario) copy = load (path);
  cairo_surface_t *s;

  lf_painter_set_scenario (painter, lf_visual_get_scenario (visual));
  s = draw_image (painter, visual, 300, 200);      /* ≈ 0.2× */
  g_assert_cmpuint (lf_painter_get_tray_rows (painter, "ledger-fifo"), ==, 0);
  cairo_surface_destroy (s);
  s = draw_image (painter, visual, 1280, 800);
  g_assert_cmpuint (lf_painter_get_tray_rows (painter, "ledger-fifo"), ==, 3);
  cairo_surface_destroy (s);
  /* the DLQ 25 units under the queue's card: room for one row of the three (a row is 13 + 2 × 4) */
  g_assert_true (lf_scenario_move_node (copy, "ledger-dlq-fifo", 80, 240 + 72 + 25));
  lf_painter_set_scenario (painter, copy);
  s = draw_image (painter, visual, 1280, 800);
  g_assert_cmpuint (lf_painter_get_tray_rows (painter, "ledger-fifo"), ==, 1);
  cairo_surface_destroy (s);
  /* no sim: no trays */
  s = draw_image (painter, NULL, 1280, 800);
  g_assert_cmpuint (lf_painter_get_tray_rows (painter, "ledger-fifo"), ==, 0);
  cairo_surface_destroy (s);
}

/* A token's message by hit-test, and its ring when selected. */
static void
test_painter_token_hit (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "golden.lflow.json", NULL);
  g_autoptr(LfScenario) scenario = load (path);
  g_autoptr(LfVisual) visual = golden_visual (scenario);
  g_autoptr(LfPainter) painter = lf_painter_new ();
  cairo_surface_t *plain, *ringed;
  guint32 msg = 0;
  int x = 0, y = 0;

  lf_painter_set_scenario (painter, scenario);
  plain = draw_image (painter, visual, 720, 420);
  for (int py = 0; py < 420 && msg == 0; py++)
    for (int px = 0; px < 720 && msg == 0; px++)
      if ((msg = lf_painter_token_at (painter, visual, px, py, 0)) != 0)
        x = px, y = py;
  g_assert_cmpuint (msg, ==, 1);                   /* the notification on e-up, m1 */
  g_assert_cmpuint (lf_painter_token_at (painter, visual, x, y, 3), ==, 1);
  g_assert_cmpuint (lf_painter_token_at (painter, visual, 5, 5, 3), ==, 0);
  g_assert_cmpuint (lf_painter_token_at (painter, NULL, x, y, 3), ==, 0);
  lf_painter_set_selected_message (painter, 1);
  g_assert_cmpuint (lf_painter_get_selected_message (painter), ==, 1);
  ringed = draw_image (painter, visual, 720, 420);
  {
    cairo_rectangle_t around = { x - 14, y - 14, 28, 28 };
    double a = share_of_colour (plain, &around, 0x000000, 60), b = share_of_colour (ringed, &around, 0x000000, 60);
    g_assert_cmpfloat (b, >, a + 0.05);            /* the dark ring in the light style */
  }
  cairo_surface_destroy (plain);
  cairo_surface_destroy (ringed);
}

static void
test_golden_machinery (gconstpointer data)
{
  static const struct { const char *scenario; LfTime t; LfPainterStyle style; int w, h; const char *golden; } cases[] = {
    { "15-sqs-fifo-groups.lflow.json", LF_SEC (12), LF_PAINTER_STYLE_LIGHT, 720, 420, "machinery-fifo-light" },
    { "11-kinesis-poison-record.lflow.json", LF_SEC (14), LF_PAINTER_STYLE_DARK, 1040, 600, "machinery-kinesis-dark" },
    { "04-s3-async-retries.lflow.json", LF_SEC (20), LF_PAINTER_STYLE_LIGHT, 720, 420, "machinery-async-light" },
  };
  guint i = GPOINTER_TO_UINT (data);
  int w = cases[i].w, h = cases[i].h;
  g_autofree char *path = source_path ("data", "scenarios", cases[i].scenario, NULL);
  g_autoptr(LfSim) sim = NULL;
  g_autoptr(LfVisual) visual = run_to (path, cases[i].t, &sim);
  g_autoptr(LfPainter) painter = lf_painter_new ();
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  cairo_rectangle_t area = { 0, LF_PAINTER_CAPTION_HEIGHT, w, h - LF_PAINTER_CAPTION_HEIGHT };
  cairo_t *cr = cairo_create (s);

  lf_painter_set_scenario (painter, lf_visual_get_scenario (visual));
  lf_painter_set_style (painter, cases[i].style);   /* built-in glyphs: no icon dir */
  lf_painter_fit (painter, &area, 16, 1.0);
  lf_painter_draw (painter, cr, w, h, visual);
  lf_painter_draw_caption (painter, cr, w, lf_scenario_get_title (lf_visual_get_scenario (visual)),
                           lf_visual_get_now (visual));
  cairo_destroy (cr);
  cairo_surface_flush (s);
  compare_golden (s, cases[i].golden);
  cairo_surface_destroy (s);
}

/* ---- the render command ----------------------------------------------------------- */

static int
render (const char *output,
        const char *extra)
{
  g_autofree char *scenario = source_path ("data", "scenarios", "async-retries.lflow.json", NULL);
  g_autofree char *cmd = g_strdup_printf ("'%s' '%s' --at 200s --output '%s' --size 640x400 %s",
                                          g_getenv ("LF_RENDER"), scenario, output, extra ? extra : "");
  g_autofree char *out = NULL, *err = NULL;
  int status = 0;

  g_assert_true (g_spawn_command_line_sync (cmd, &out, &err, &status, NULL));
  if (err && *err)
    g_test_message ("%s: %s", cmd, err);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static void
test_cli_formats (void)
{
  g_autofree char *dir = g_dir_make_tmp ("lf-render-XXXXXX", NULL);
  const char *names[] = { "frame.png", "frame.svg", "frame.PDF" };
  const char *magic[] = { "\x89PNG", "<?xml", "%PDF" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      g_autofree char *tmp = g_strconcat (path, ".tmp", NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      g_assert_cmpint (render (path, i == 0 ? "--style dark --seed 3" : NULL), ==, 0);
      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      g_assert_cmpuint (length, >, 1000);
      g_assert_true (strncmp (contents, magic[i], strlen (magic[i])) == 0);
      g_assert_false (g_file_test (tmp, G_FILE_TEST_EXISTS));
      g_unlink (path);
    }
  g_rmdir (dir);
}

static void
test_cli_exit_codes (void)
{
  g_autofree char *invalid = source_path ("tests", "scenarios", "invalid", "duplicate-id.lflow.json", NULL);
  g_autofree char *dir = g_dir_make_tmp ("lf-render-XXXXXX", NULL);
  g_autofree char *png = g_build_filename (dir, "x.png", NULL);
  g_autofree char *cmd = NULL, *out = NULL, *err = NULL;
  int status = 0;

  g_assert_cmpint (render (png, "--size 12x12"), ==, 2);
  g_assert_cmpint (render (png, "--speed fast"), ==, 2);
  g_assert_cmpint (render (png, "--bogus"), ==, 2);
  g_assert_cmpint (render ("frame.gif", NULL), ==, 2);
  g_assert_cmpint (render ("/nonexistent-dir/frame.png", NULL), ==, 3);
  g_assert_cmpint (render ("/nonexistent-dir/frame.svg", NULL), ==, 3);
  g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));

  cmd = g_strdup_printf ("'%s' '%s' --at 1s --output '%s'", g_getenv ("LF_RENDER"), invalid, png);
  g_assert_true (g_spawn_command_line_sync (cmd, &out, &err, &status, NULL));
  g_assert_cmpint (WEXITSTATUS (status), ==, 1);
  g_assert_nonnull (strstr (err, "error"));
  g_clear_pointer (&cmd, g_free);
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&out, g_free);

  cmd = g_strdup_printf ("'%s' /nonexistent.lflow.json --at 1s --output '%s'", g_getenv ("LF_RENDER"), png);
  g_assert_true (g_spawn_command_line_sync (cmd, &out, &err, &status, NULL));
  g_assert_cmpint (WEXITSTATUS (status), ==, 3);
  g_clear_pointer (&cmd, g_free);
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&out, g_free);

  cmd = g_strdup_printf ("'%s' --output '%s'", g_getenv ("LF_RENDER"), png);
  g_assert_true (g_spawn_command_line_sync (cmd, &out, &err, &status, NULL));
  g_assert_cmpint (WEXITSTATUS (status), ==, 2);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/painter/visual/notify-token", test_visual_notify_token);
  g_test_add_func ("/painter/visual/no-duplicate", test_visual_no_duplicate);
  g_test_add_func ("/painter/visual/fanout-waits", test_visual_fanout_waits);
  g_test_add_func ("/painter/visual/esm", test_visual_esm);
  g_test_add_func ("/painter/visual/band", test_visual_band);
  g_test_add_func ("/painter/visual/capacity", test_visual_capacity);
  g_test_add_func ("/painter/visual/counters", test_visual_counters);
  g_test_add_func ("/painter/visual/reset", test_visual_reset);
  g_test_add_func ("/painter/visual/sim", test_visual_sim);
  g_test_add_func ("/painter/painter/cache", test_painter_cache);
  g_test_add_func ("/painter/painter/hit-test", test_painter_hit_test);
  g_test_add_func ("/painter/painter/edge-hit", test_painter_edge_hit);
  g_test_add_func ("/painter/painter/vector", test_painter_vector);
  g_test_add_func ("/painter/painter/icons", test_painter_icons);
  g_test_add_func ("/painter/render/dlq-badge", test_render_dlq_badge);
  g_test_add_func ("/painter/render/every-service", test_render_every_service);
  g_test_add_func ("/painter/render/hidpi", test_render_hidpi);
  g_test_add_func ("/painter/machinery/fifo/FIFO-2/SQS-9", test_machinery_fifo);
  g_test_add_func ("/painter/machinery/standard-queue/SQS-9", test_machinery_standard_queue);
  g_test_add_func ("/painter/machinery/stream/STREAM-1/STREAM-5", test_machinery_stream);
  g_test_add_func ("/painter/machinery/parallelization/KIN-3", test_machinery_parallelization);
  g_test_add_func ("/painter/machinery/async/ASYNC-2/ASYNC-3", test_machinery_async);
  g_test_add_func ("/painter/machinery/detail", test_machinery_detail);
  g_test_add_func ("/painter/painter/token-hit", test_painter_token_hit);
  for (guint i = 0; i < 3; i++)
    {
      static const char *const names[] = { "fifo-light", "kinesis-dark", "async-light" };
      g_autofree char *name = g_strdup_printf ("/painter/golden/machinery-%s", names[i]);
      g_test_add_data_func (name, GUINT_TO_POINTER (i), test_golden_machinery);
    }
  g_test_add_data_func ("/painter/golden/light", GINT_TO_POINTER (LF_PAINTER_STYLE_LIGHT), test_golden);
  g_test_add_data_func ("/painter/golden/dark", GINT_TO_POINTER (LF_PAINTER_STYLE_DARK), test_golden);
  g_test_add_func ("/painter/cli/formats", test_cli_formats);
  g_test_add_func ("/painter/cli/exit-codes", test_cli_exit_codes);
  return g_test_run ();
}
