/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The chart view: small multiples, one per series the simulation keeps for the node
 * (lf_sim_get_series, one sample per simulated second) that makes sense for it: a queue's
 * depth, age of oldest message and dead letters; a function's concurrency, invocations,
 * errors and throttles (cumulative counters drawn as per-second rates), its iterator age
 * when a stream invokes it and what it sent to its DLQ or on-failure destination; a DLQ
 * target's dead letters received; a stream mapping's iterator age. Ages read in s, min or
 * h, picked from the largest value shown. One shared time
 * axis over the run's duration, a cursor at now, colours from the widget's style and
 * libadwaita's dark preference. Drawn with cairo in a GtkDrawingArea; redrawn on the
 * session's "advanced" at most ten times a second, and only while mapped. */

#include "lf-chart.h"

#include <math.h>

#include <adwaita.h>

#define REFRESH_INTERVAL_US 100000
#define AXIS_WIDTH          40.0
#define AXIS_HEIGHT         18.0
#define PANEL_GAP           10.0

typedef enum {
  UNIT_COUNT,
  UNIT_AGE,                 /* µs, shown in s, min or h */
} Unit;

typedef struct {
  const char *metric;
  const char *title;
  gboolean    cumulative;   /* draw the per-sample difference (a rate) */
  Unit        unit;
  guint       colour;       /* index into the palettes */
} SeriesInfo;

/* In the order they are stacked */
static const SeriesInfo series_info[] = {
  { "concurrency", "Concurrency", FALSE, UNIT_COUNT, 0 },
  { "depth", "Depth", FALSE, UNIT_COUNT, 1 },
  { "age_of_oldest", "Age of oldest message", FALSE, UNIT_AGE, 3 },
  { "invocations", "Invocations /s", TRUE, UNIT_COUNT, 4 },
  { "errors", "Errors /s", TRUE, UNIT_COUNT, 2 },
  { "throttles", "Throttles /s", TRUE, UNIT_COUNT, 3 },
  { "iterator_age", "Iterator age", FALSE, UNIT_AGE, 3 },
  { "dlq", "Sent to DLQ / on-failure (total)", FALSE, UNIT_COUNT, 2 },
  { "dlq_received", "Dead letters received (total)", FALSE, UNIT_COUNT, 2 },
};

#define N_SERIES G_N_ELEMENTS (series_info)

/* GNOME palette: blue 3, orange 4, red 3, purple 3, green 4 (light); one step lighter (dark) */
static const GdkRGBA light_palette[] = {
  { 0.110f, 0.443f, 0.847f, 1 }, { 0.776f, 0.275f, 0.000f, 1 }, { 0.753f, 0.110f, 0.157f, 1 },
  { 0.506f, 0.239f, 0.612f, 1 }, { 0.149f, 0.635f, 0.412f, 1 },
};
static const GdkRGBA dark_palette[] = {
  { 0.384f, 0.627f, 0.918f, 1 }, { 1.000f, 0.639f, 0.282f, 1 }, { 0.965f, 0.380f, 0.318f, 1 },
  { 0.753f, 0.380f, 0.796f, 1 }, { 0.561f, 0.941f, 0.643f, 1 },
};

struct _LfChartView
{
  LfPanel         parent_instance;

  GtkLabel       *title_label;
  GtkLabel       *subtitle_label;
  GtkDrawingArea *area;

  char           *node_id;       /* the node (or stream mapping edge) charted, or NULL */
  gboolean        wanted[N_SERIES];  /* the series that make sense for it */
  gint64          last_draw;
  guint           draw_source;
  gboolean        draw_pending;
};

G_DEFINE_FINAL_TYPE (LfChartView, lf_chart_view, LF_TYPE_PANEL)


/* ---- what to chart ----------------------------------------------------------------- */

static LfNode *
charted_node (LfChartView *self, LfScenario *scenario)
{
  const char *id = lf_session_get_selected (lf_panel_get_session (LF_PANEL (self)));
  LfNode *node = id ? lf_scenario_find_node (scenario, id) : NULL;
  GPtrArray *nodes = lf_scenario_get_nodes (scenario);

  if (node)
    return node;
  for (guint i = 0; i < nodes->len; i++)
    {
      LfNode *n = g_ptr_array_index (nodes, i);
      if (n->type == LF_NODE_LAMBDA_FUNCTION)
        return n;
    }
  return nodes->len > 0 ? g_ptr_array_index (nodes, 0) : NULL;
}

/* Does the node send dead letters anywhere: a DLQ, a redrive target or an on-failure
 * destination of its own, or (a function) of a stream mapping that invokes it? */
static gboolean
sends_dead_letters (LfScenario *scenario, const char *id)
{
  GPtrArray *edges = lf_scenario_get_edges (scenario);

  for (guint i = 0; i < edges->len; i++)
    {
      LfEdge *e = g_ptr_array_index (edges, i);
      LfEdge *from_edge;

      if (e->type != LF_EDGE_DLQ && e->type != LF_EDGE_REDRIVE && e->type != LF_EDGE_ON_FAILURE)
        continue;
      if (g_strcmp0 (e->from, id) == 0)
        return TRUE;
      from_edge = e->type == LF_EDGE_ON_FAILURE ? lf_scenario_find_edge (scenario, e->from) : NULL;
      if (from_edge && g_strcmp0 (from_edge->to, id) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
update_node (LfChartView *self)
{
  LfSession *session = lf_panel_get_session (LF_PANEL (self));
  LfSim *sim = lf_session_get_sim (session);
  LfScenario *scenario = sim ? lf_sim_get_scenario (sim) : NULL;
  const char *selected = lf_session_get_selected (session);
  LfEdge *edge = scenario && selected ? lf_scenario_find_edge (scenario, selected) : NULL;
  LfNode *node = NULL;
  const char *title = NULL;

  g_clear_pointer (&self->node_id, g_free);
  if (edge && lf_sim_get_series (sim, edge->id, "iterator_age"))
    {
      self->node_id = g_strdup (edge->id);
      title = edge->id;
    }
  else if (scenario && (node = charted_node (self, scenario)))
    {
      self->node_id = g_strdup (node->id);
      title = node->label && *node->label ? node->label : node->id;
    }
  for (guint i = 0; i < N_SERIES; i++)
    {
      const char *metric = series_info[i].metric;
      self->wanted[i] = self->node_id && lf_sim_get_series (sim, self->node_id, metric) != NULL &&
                        (!g_str_equal (metric, "dlq") || sends_dead_letters (scenario, self->node_id));
    }
  gtk_label_set_text (self->title_label, title ? title : "No scenario");
  gtk_label_set_text (self->subtitle_label,
                      title ? (selected && g_strcmp0 (selected, self->node_id) == 0
                               ? "Over simulated time"
                               : "Over simulated time · select a node to chart it")
                            : "");
  gtk_widget_queue_draw (GTK_WIDGET (self->area));
}

/* ---- drawing ----------------------------------------------------------------------- */

typedef struct {
  cairo_t      *cr;
  PangoLayout  *layout;
  GdkRGBA       fg;
  const GdkRGBA *palette;
  double        x0, x1;      /* plot area, device units */
  LfTime        t_end;
} Ctx;

static double
time_x (Ctx *c, LfTime t)
{
  return c->x0 + (c->x1 - c->x0) * ((double) t / (double) c->t_end);
}

static void
draw_text (Ctx *c, double x, double y, double xalign, const char *text, double alpha)
{
  int w, h;

  pango_layout_set_text (c->layout, text, -1);
  pango_layout_get_pixel_size (c->layout, &w, &h);
  cairo_set_source_rgba (c->cr, c->fg.red, c->fg.green, c->fg.blue, c->fg.alpha * alpha);
  cairo_move_to (c->cr, x - w * xalign, y);
  pango_cairo_show_layout (c->cr, c->layout);
}

/* The smallest of 1, 1.5, 2, 3, 4, 5, 6, 8 × 10^n at or above `value`: a y-axis top. */
static double
nice_ceiling (double value)
{
  static const double steps[] = { 1, 1.5, 2, 3, 4, 5, 6, 8, 10 };
  double mag;

  if (value <= 1)
    return 1;
  mag = pow (10, floor (log10 (value)));
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (steps[i] * mag >= value)
      return steps[i] * mag;
  return 10 * mag;
}

/* A tick step in seconds that reads as time, with at most `max_ticks` ticks over `span`. */
static double
time_step (double span, int max_ticks)
{
  static const double steps[] = { 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400 };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (span / steps[i] <= MAX (max_ticks, 1))
      return steps[i];
  return 86400 * ceil (span / 86400 / MAX (max_ticks, 1));
}

static gint64
sample_value (const GArray *samples, guint i, gboolean cumulative)
{
  gint64 v = g_array_index (samples, LfSample, i).value;

  if (cumulative)
    v -= i > 0 ? g_array_index (samples, LfSample, i - 1).value : 0;
  return MAX (v, 0);
}

static gint64
series_max (const GArray *samples, gboolean cumulative)
{
  gint64 max = 0;

  for (guint i = 0; i < samples->len; i++)
    max = MAX (max, sample_value (samples, i, cumulative));
  return max;
}

/* The series as a filled step line, one point per pixel column (the column's maximum). */
static void
draw_series (Ctx *c, const GArray *samples, const SeriesInfo *info, double top, double bottom, double ymax)
{
  const GdkRGBA *col = &c->palette[info->colour];
  double last_x = -1, col_max = 0;

  cairo_new_path (c->cr);
  cairo_move_to (c->cr, c->x0, bottom);
  for (guint i = 0; i < samples->len; i++)
    {
      const LfSample *s = &g_array_index (samples, LfSample, i);
      double x = floor (time_x (c, s->t)) + 0.5;
      double v = (double) sample_value (samples, i, info->cumulative);

      if (x != last_x && last_x >= 0)
        {
          cairo_line_to (c->cr, last_x, bottom - (bottom - top) * col_max / ymax);
          col_max = 0;
        }
      col_max = MAX (col_max, v);
      last_x = x;
    }
  if (last_x >= 0)
    cairo_line_to (c->cr, last_x, bottom - (bottom - top) * col_max / ymax);
  cairo_line_to (c->cr, MAX (last_x, c->x0), bottom);
  cairo_close_path (c->cr);
  cairo_set_source_rgba (c->cr, col->red, col->green, col->blue, 0.25);
  cairo_fill_preserve (c->cr);
  cairo_set_source_rgba (c->cr, col->red, col->green, col->blue, 1.0);
  cairo_set_line_width (c->cr, 1.5);
  cairo_stroke (c->cr);
}

/* An age axis reads in the largest unit that keeps its top at 2 or more */
static void
age_unit (gint64 max_us, double *scale, const char **name)
{
  if (max_us >= LF_SEC (7200))
    *scale = 3600e6, *name = "h";
  else if (max_us >= LF_SEC (120))
    *scale = 60e6, *name = "min";
  else
    *scale = 1e6, *name = "s";
}

void
lf_chart_format_age (gint64  us,
                     char   *buf,
                     gsize   size)
{
  double s = us / 1e6;

  if (us < 0)
    us = 0, s = 0;
  if (s < 10)
    g_snprintf (buf, size, "%.1f s", s);
  else if (s < 120)
    g_snprintf (buf, size, "%.0f s", floor (s));
  else if (s < 7200)
    g_snprintf (buf, size, "%d min %02d s", (int) (s / 60), (int) fmod (s, 60));
  else
    g_snprintf (buf, size, "%d h %02d min", (int) (s / 3600), (int) fmod (s / 60, 60));
}

static void
draw_panel (Ctx *c, const GArray *samples, const SeriesInfo *info, double top, double bottom)
{
  gint64 max = series_max (samples, info->cumulative);
  double scale = 1;
  const char *unit = NULL;
  double ymax;
  gint64 last = samples->len ? sample_value (samples, samples->len - 1, info->cumulative) : 0;
  char text[64];

  if (info->unit == UNIT_AGE)
    age_unit (max, &scale, &unit);
  ymax = nice_ceiling ((double) max / scale);

  /* frame and mid grid line */
  cairo_set_source_rgba (c->cr, c->fg.red, c->fg.green, c->fg.blue, 0.05);
  cairo_rectangle (c->cr, c->x0, top, c->x1 - c->x0, bottom - top);
  cairo_fill (c->cr);
  cairo_set_source_rgba (c->cr, c->fg.red, c->fg.green, c->fg.blue, 0.15);
  cairo_set_line_width (c->cr, 1);
  cairo_move_to (c->cr, c->x0, floor ((top + bottom) / 2) + 0.5);
  cairo_line_to (c->cr, c->x1, floor ((top + bottom) / 2) + 0.5);
  cairo_stroke (c->cr);
  draw_series (c, samples, info, top + 2, bottom, ymax * scale);

  g_snprintf (text, sizeof text, "%g", ymax);
  draw_text (c, c->x0 - 4, top - 1, 1.0, text, 0.6);
  draw_text (c, c->x0 - 4, bottom - 14, 1.0, "0", 0.6);
  /* the title and the latest value sit above the panel, clear of the series */
  if (unit)
    {
      g_autofree char *title = g_strdup_printf ("%s (%s)", info->title, unit);
      draw_text (c, c->x0, top - 18, 0.0, title, 0.9);
    }
  else
    draw_text (c, c->x0, top - 18, 0.0, info->title, 0.9);
  if (info->unit == UNIT_AGE)
    lf_chart_format_age (last, text, sizeof text);
  else
    g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, last);
  draw_text (c, c->x1, top - 18, 1.0, text, 0.9);
}

static void
draw_time_axis (Ctx *c, double y)
{
  double span = (double) c->t_end / 1e6;
  double step = time_step (span, (int) ((c->x1 - c->x0) / 60));
  char text[32];

  for (double s = 0; s <= span + 1e-9; s += step)
    {
      double x = time_x (c, (LfTime) (s * 1e6));
      if (s >= 3600)
        g_snprintf (text, sizeof text, "%dh%02d", (int) s / 3600, ((int) s % 3600) / 60);
      else if (s >= 60)
        g_snprintf (text, sizeof text, "%d:%02d", (int) s / 60, (int) s % 60);
      else
        g_snprintf (text, sizeof text, "%gs", s);
      /* the first label starts at its tick, the last ends at it */
      draw_text (c, x, y + 2, s == 0 ? 0.0 : x > c->x1 - 20 ? 1.0 : 0.5, text, 0.6);
    }
}

static void
draw_cursor (Ctx *c, LfTime now, double top, double bottom)
{
  const GdkRGBA *accent = &c->palette[0];
  double x = floor (time_x (c, MIN (now, c->t_end))) + 0.5;

  cairo_set_source_rgba (c->cr, accent->red, accent->green, accent->blue, 0.9);
  cairo_set_line_width (c->cr, 1);
  cairo_move_to (c->cr, x, top);
  cairo_line_to (c->cr, x, bottom);
  cairo_stroke (c->cr);
}

static void
draw_message (Ctx *c, int width, int height, const char *text)
{
  draw_text (c, width / 2.0, height / 2.0 - 8, 0.5, text, 0.6);
}

static void
draw_func (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  LfChartView *self = data;
  LfSession *session = lf_panel_get_session (LF_PANEL (self));
  LfSim *sim = lf_session_get_sim (session);
  const GArray *series[N_SERIES];
  guint n = 0, drawn = 0;
  double panel_h;
  Ctx c = { .cr = cr };

  self->last_draw = g_get_monotonic_time ();
  self->draw_pending = FALSE;
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (area)), &c.fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
  c.palette = adw_style_manager_get_dark (adw_style_manager_get_default ()) ? dark_palette : light_palette;
  c.layout = gtk_widget_create_pango_layout (GTK_WIDGET (area), NULL);
  for (guint i = 0; i < N_SERIES; i++)
    {
      series[i] = sim && self->node_id && self->wanted[i] ?
                  lf_sim_get_series (sim, self->node_id, series_info[i].metric) : NULL;
      n += series[i] != NULL;
    }
  if (n == 0)
    {
      draw_message (&c, width, height, sim ? "No series for this node" : "No scenario");
      g_object_unref (c.layout);
      return;
    }
  c.x0 = AXIS_WIDTH;
  c.x1 = width - 1;
  c.t_end = MAX (lf_session_get_duration (session), MAX (lf_session_get_now (session), 1));
  panel_h = (height - AXIS_HEIGHT - PANEL_GAP * (n - 1)) / n;
  for (guint i = 0; i < N_SERIES; i++)
    if (series[i])
      {
        double top = drawn * (panel_h + PANEL_GAP);
        draw_panel (&c, series[i], &series_info[i], top + 20, top + panel_h);
        drawn++;
      }
  draw_time_axis (&c, height - AXIS_HEIGHT);
  draw_cursor (&c, lf_session_get_now (session), 0, height - AXIS_HEIGHT);
  g_object_unref (c.layout);
}

/* ---- refresh ----------------------------------------------------------------------- */

static gboolean
draw_timeout_cb (gpointer data)
{
  LfChartView *self = data;

  self->draw_source = 0;
  gtk_widget_queue_draw (GTK_WIDGET (self->area));
  return G_SOURCE_REMOVE;
}

static void
queue_redraw (LfChartView *self)
{
  gint64 wait;

  self->draw_pending = TRUE;
  if (self->draw_source != 0 || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  wait = self->last_draw + REFRESH_INTERVAL_US - g_get_monotonic_time ();
  if (wait <= 0)
    gtk_widget_queue_draw (GTK_WIDGET (self->area));
  else
    self->draw_source = g_timeout_add ((guint) (wait / 1000) + 1, draw_timeout_cb, self);
}

static void
on_advanced (LfChartView *self)
{
  queue_redraw (self);
}

static void
on_selection_changed (LfChartView *self)
{
  update_node (self);
}

static void
on_dark_changed (LfChartView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self->area));
}

static void
lf_chart_view_map (GtkWidget *widget)
{
  LfChartView *self = LF_CHART_VIEW (widget);

  GTK_WIDGET_CLASS (lf_chart_view_parent_class)->map (widget);
  if (self->draw_pending)
    gtk_widget_queue_draw (GTK_WIDGET (self->area));
}

/* ---- GObject ----------------------------------------------------------------------- */

static void
lf_chart_view_constructed (GObject *object)
{
  LfChartView *self = LF_CHART_VIEW (object);

  G_OBJECT_CLASS (lf_chart_view_parent_class)->constructed (object);
  update_node (self);
}

static void
lf_chart_view_dispose (GObject *object)
{
  LfChartView *self = LF_CHART_VIEW (object);

  g_clear_handle_id (&self->draw_source, g_source_remove);
  g_signal_handlers_disconnect_by_data (adw_style_manager_get_default (), self);
  gtk_widget_dispose_template (GTK_WIDGET (self), LF_TYPE_CHART_VIEW);
  g_clear_pointer (&self->node_id, g_free);

  G_OBJECT_CLASS (lf_chart_view_parent_class)->dispose (object);
}

static void
lf_chart_view_class_init (LfChartViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = lf_chart_view_constructed;
  object_class->dispose = lf_chart_view_dispose;
  widget_class->map = lf_chart_view_map;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/lambdaflow/LambdaFlow/ui/lf-chart.ui");
  gtk_widget_class_bind_template_child (widget_class, LfChartView, title_label);
  gtk_widget_class_bind_template_child (widget_class, LfChartView, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, LfChartView, area);
  gtk_widget_class_set_css_name (widget_class, "lf-chart-view");
}

static void
lf_chart_view_init (LfChartView *self)
{
  GSignalGroup *group;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_drawing_area_set_draw_func (self->area, draw_func, self, NULL);
  g_signal_connect_swapped (adw_style_manager_get_default (), "notify::dark",
                            G_CALLBACK (on_dark_changed), self);
  group = lf_panel_get_session_signals (LF_PANEL (self));
  g_signal_group_connect_swapped (group, "notify::selected",
                                  G_CALLBACK (on_selection_changed), self);
  g_signal_group_connect_swapped (group, "notify::scenario",
                                  G_CALLBACK (on_selection_changed), self);
  g_signal_group_connect_swapped (group, "advanced",
                                  G_CALLBACK (on_advanced), self);
  g_signal_group_connect_swapped (group, "restarted",
                                  G_CALLBACK (on_advanced), self);
}

GtkWidget *
lf_chart_view_new (LfSession *session)
{
  g_return_val_if_fail (LF_IS_SESSION (session), NULL);

  return g_object_new (LF_TYPE_CHART_VIEW, "session", session, NULL);
}

GStrv
lf_chart_view_dup_metrics (LfChartView *self)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

  g_return_val_if_fail (LF_IS_CHART_VIEW (self), NULL);
  for (guint i = 0; i < N_SERIES; i++)
    if (self->wanted[i])
      g_strv_builder_add (b, series_info[i].metric);
  return g_strv_builder_end (b);
}

const char *
lf_chart_view_get_charted (LfChartView *self)
{
  g_return_val_if_fail (LF_IS_CHART_VIEW (self), NULL);

  return self->node_id;
}

LfSession *
lf_chart_view_get_session (LfChartView *self)
{
  g_return_val_if_fail (LF_IS_CHART_VIEW (self), NULL);

  return lf_panel_get_session (LF_PANEL (self));
}
