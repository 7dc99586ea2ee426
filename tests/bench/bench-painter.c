/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* bench-painter: median frame time of LfPainter drawing 200 nodes and 5,000 moving
 * tokens at 1280×800 into an image surface, with every node's badges changing each frame
 * (issue 5: target ≤ 8 ms). The static layer is cached, as on screen.
 * Usage: bench-painter [NODES] [TOKENS] [FRAMES]   (defaults 200, 5000, 200);
 * LF_BENCH_PNG=FILE writes the last frame.
 *
 * bench-painter --sim SCENARIO [AT_S] [SPEED] [FRAMES]: a bundled scenario run to AT_S
 * (default 10), then frames 16 ms apart at SPEED (default 10×), the sim advancing between
 * them; times the draw only, with the machinery under the cards (lf-inspect.h) inspected
 * every frame. */
#include <stdio.h>
#include <stdlib.h>

#include "lf-painter.h"
#include "lf-visual.h"

#define COLUMNS 20

static LfScenario *
build_scenario (guint n_nodes)
{
  static const LfNodeType types[] = { LF_NODE_SQS_QUEUE, LF_NODE_LAMBDA_FUNCTION, LF_NODE_SNS_TOPIC,
                                      LF_NODE_LAMBDA_FUNCTION, LF_NODE_S3_BUCKET };
  LfScenario *scenario = lf_scenario_new ();

  for (guint i = 0; i < n_nodes; i++)
    {
      g_autofree char *id = g_strdup_printf ("n%u", i);
      LfNode *node = lf_scenario_add_node (scenario, id, types[i % G_N_ELEMENTS (types)],
                                           (i % COLUMNS) * 260.0, (i / COLUMNS) * 110.0);
      g_free (node->label);
      node->label = g_strdup_printf ("Service %u", i);
    }
  /* Edges of every length, so that tokens spread over the whole view. */
  for (guint i = 0; i < n_nodes; i++)
    {
      guint j = (i * 7 + 13) % n_nodes;
      g_autofree char *id = g_strdup_printf ("e%u", i);
      g_autofree char *from = g_strdup_printf ("n%u", i);
      g_autofree char *to = g_strdup_printf ("n%u", j);
      if (j != i)
        lf_scenario_add_edge (scenario, id, i % 3 == 0 ? LF_EDGE_EVENT_SOURCE_MAPPING
                                                      : LF_EDGE_NOTIFICATION, from, to);
    }
  return scenario;
}

/* Tokens spread evenly along every edge: their starts span one travel time. */
static void
feed_tokens (LfVisual   *visual,
             LfScenario *scenario,
             guint       n_tokens,
             LfTime      travel)
{
  GPtrArray *edges = lf_scenario_get_edges (scenario);

  for (guint i = 0; i < n_tokens; i++)
    {
      LfRecord rec;
      lf_record_init (&rec, LF_REC_NOTIFY, (LfTime) ((double) travel * i / n_tokens));
      rec.edge = ((LfEdge *) g_ptr_array_index (edges, i % edges->len))->id;
      rec.msg = i + 1;
      lf_visual_feed (visual, &rec);
    }
}

/* One invocation per node and frame, so that every badge's number changes. */
static void
feed_counters (LfVisual   *visual,
               LfScenario *scenario,
               LfTime      t,
               guint       frame)
{
  GPtrArray *nodes = lf_scenario_get_nodes (scenario);

  for (guint i = 0; i < nodes->len; i++)
    {
      LfNode *n = g_ptr_array_index (nodes, i);
      LfRecord rec;
      lf_record_init (&rec, n->type == LF_NODE_LAMBDA_FUNCTION ? LF_REC_INVOKE_START : LF_REC_ENQUEUE, t);
      rec.node = n->id;
      rec.msg = 1000000 + frame;
      rec.path = "async";
      lf_visual_feed (visual, &rec);
      if (frame % 3 == 0 && n->type == LF_NODE_LAMBDA_FUNCTION)
        {
          lf_record_init (&rec, LF_REC_INVOKE_END, t);
          rec.node = n->id;
          rec.status = "error";
          lf_visual_feed (visual, &rec);
        }
    }
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static int
bench_sim (int    argc,
           char **argv)
{
  double at = argc > 3 ? g_ascii_strtod (argv[3], NULL) : 10, speed = argc > 4 ? g_ascii_strtod (argv[4], NULL) : 10;
  guint frames = argc > 5 ? (guint) atoi (argv[5]) : 200;
  const int width = 1280, height = 800;
  g_autoptr(GError) error = NULL;
  g_autoptr(LfScenario) scenario = lf_scenario_load_from_file (argv[2], NULL, &error);
  g_autoptr(LfSim) sim = NULL;
  g_autoptr(LfVisual) visual = NULL;
  g_autoptr(LfPainter) painter = lf_painter_new ();
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_rectangle_t area = { 0, 0, width, height };
  double *ms = g_new (double, MAX (frames, 1));
  LfTime now = (LfTime) (at * 1e6);
  g_autofree char *name = g_path_get_basename (argv[2]);

  if (scenario == NULL || (sim = lf_sim_new (scenario, &error)) == NULL)
    {
      fprintf (stderr, "bench-painter: %s\n", error ? error->message : "cannot load");
      return 1;
    }
  visual = lf_visual_new_for_sim (sim);
  lf_visual_set_speed (visual, speed);
  lf_sim_run_until (sim, now, 0);
  lf_visual_sync (visual);
  lf_painter_set_scenario (painter, lf_sim_get_scenario (sim));
  lf_painter_fit (painter, &area, 24, 1.5);
  for (guint f = 0; f <= frames; f++)
    {
      gint64 t0;
      cairo_t *cr;

      now += (LfTime) (LF_MSEC (16) * speed);
      lf_sim_run_until (sim, now, 0);
      lf_visual_sync (visual);
      t0 = g_get_monotonic_time ();
      cr = cairo_create (surface);
      lf_painter_draw (painter, cr, width, height, visual);
      cairo_destroy (cr);
      cairo_surface_flush (surface);
      if (f > 0)                             /* the first builds the static layer */
        ms[f - 1] = (g_get_monotonic_time () - t0) / 1000.0;
    }
  if (g_getenv ("LF_BENCH_PNG") != NULL)
    cairo_surface_write_to_png (surface, g_getenv ("LF_BENCH_PNG"));
  qsort (ms, frames, sizeof (double), compare_doubles);
  printf ("bench-painter --sim %s from %.0f s at %.0fx: median frame %.2f ms (p90 %.2f, max %.2f; %u frames)\n",
          name, at, speed, ms[frames / 2], ms[frames * 9 / 10], ms[frames - 1], frames);
  g_free (ms);
  cairo_surface_destroy (surface);
  return 0;
}

int
main (int    argc,
      char **argv)
{
  if (argc > 2 && g_str_equal (argv[1], "--sim"))
    return bench_sim (argc, argv);

  guint n_nodes = argc > 1 ? (guint) atoi (argv[1]) : 200;
  guint n_tokens = argc > 2 ? (guint) atoi (argv[2]) : 5000;
  guint frames = argc > 3 ? (guint) atoi (argv[3]) : 200;
  const int width = 1280, height = 800;
  const LfTime travel = LF_SEC (1000);
  g_autoptr(LfScenario) scenario = build_scenario (MAX (n_nodes, 2));
  g_autoptr(LfVisual) visual = lf_visual_new (scenario);
  g_autoptr(LfPainter) painter = lf_painter_new ();
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_rectangle_t area = { 0, 0, width, height };
  double *ms = g_new (double, MAX (frames, 1)), first;
  guint drawn;
  gint64 t0;

  lf_visual_set_travel_time (visual, travel);
  lf_visual_set_band_threshold (visual, G_MAXUINT);
  lf_visual_set_capacity (visual, n_tokens + 16);
  feed_tokens (visual, scenario, n_tokens, travel);
  lf_visual_set_now (visual, travel);
  drawn = lf_visual_count_visible_tokens (visual);

  lf_painter_set_scenario (painter, scenario);
  lf_painter_fit (painter, &area, 24, 1.0);
  t0 = g_get_monotonic_time ();
  {
    cairo_t *cr = cairo_create (surface);
    lf_painter_draw (painter, cr, width, height, visual);
    cairo_destroy (cr);
  }
  first = (g_get_monotonic_time () - t0) / 1000.0;

  for (guint f = 0; f < frames; f++)
    {
      LfTime now = travel + (LfTime) f * LF_MSEC (16);
      cairo_t *cr;

      feed_counters (visual, scenario, now, f);
      lf_visual_set_now (visual, now);
      t0 = g_get_monotonic_time ();
      cr = cairo_create (surface);
      lf_painter_draw (painter, cr, width, height, visual);
      cairo_destroy (cr);
      cairo_surface_flush (surface);
      ms[f] = (g_get_monotonic_time () - t0) / 1000.0;
    }
  if (g_getenv ("LF_BENCH_PNG") != NULL)   /* to look at the last frame */
    cairo_surface_write_to_png (surface, g_getenv ("LF_BENCH_PNG"));
  qsort (ms, frames, sizeof (double), compare_doubles);
  printf ("bench-painter: %u nodes, %u tokens drawn, %dx%d: median frame %.2f ms "
          "(p10 %.2f, p90 %.2f; %u frames); first frame with the static layer %.1f ms\n",
          n_nodes, drawn, width, height, ms[frames / 2], ms[frames / 10], ms[frames * 9 / 10],
          frames, first);
  g_free (ms);
  cairo_surface_destroy (surface);
  return 0;
}
