/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lf-video"

#include <errno.h>
#include <math.h>
#include <string.h>

#include <cairo.h>
#include <glib/gstdio.h>
#include <gst/app/gstappsrc.h>
#include <gst/gst.h>
#include <pango/pangocairo.h>

#include "lf-error.h"
#include "lf-painter.h"
#include "lf-session.h"
#include "lf-video.h"
#include "lf-cli.h"
#include "lf-icon-cache.h"
#include "lf-walkthrough.h"

/* `lambdaflow-sim video`: plays a scenario's walkthrough offscreen and records it, at a
 * fixed frame rate in simulated time (never wall time), so the same scenario always
 * gives the same frames.
 *
 * Timeline of a step (LfWalkthrough decides the simulated moments):
 *   - a paused step, or one that waits for the user, first holds its opening frame for
 *     the step's `dwell` (default 4 s of video), so that the narration can be read;
 *   - then, unless it waits for the user, the simulation plays at the step's `speed`
 *     (a frame advances speed / fps seconds of simulated time) until the step's wait is
 *     over: its `until` record, or the next step's `at`; the last step plays on towards
 *     the end of the run, for at most MAX_TAIL;
 *   - a step lasts at least MIN_STEP of video and plays at most MAX_PLAY.
 * The camera glides (GLIDE, eased) at each step's start: to the step's `focus` with its
 * neighbours and the highlighted nodes, up to MAX_ZOOM closer than the whole diagram; to
 * the whole diagram when a step has no focus.
 * Each frame: the diagram (the painter, as the app draws it), rings around the step's
 * highlighted nodes and edges (and its focus, in blue), the painter's title and clock
 * strip at the top and a narration band at the bottom: "Step n of m", the title and the
 * text (Pango markup), and a dot per step. */

enum { EXIT_OK = 0, EXIT_INVALID = 1, EXIT_USAGE = 2, EXIT_IO = 3 };

#define DEFAULT_WIDTH   1280
#define DEFAULT_HEIGHT  720
#define DEFAULT_FPS     30
#define MAX_SIDE        4096
#define MAX_FPS         120
#define DESIGN_HEIGHT   720.0     /* smaller videos are drawn at this height, scaled down */
#define FIT_MARGIN      28.0
#define MAX_SCALE       1.5
#define MIN_STEP        (3 * G_USEC_PER_SEC)   /* of video */
#define MAX_PLAY        (60 * G_USEC_PER_SEC)  /* of video, per step */
#define MAX_TAIL        (12 * G_USEC_PER_SEC)  /* of video: the last step's play to the end */
#define GLIDE           (G_USEC_PER_SEC * 8 / 10)  /* of video: the camera's move to a focus */
#define MAX_ZOOM        1.6      /* a focus shows at most this much closer than the overview */

typedef struct {
  const char     *file;
  const char     *output;
  const char     *frames_dir;
  const char     *size;
  const char     *fps_text;
  const char     *seed;
  const char     *style;
  int             width;
  int             height;
  int             fps;
  LfPainterStyle  painter_style;
} VideoOptions;

static const char video_usage[] =
  "Usage:\n"
  "  lambdaflow-sim video SCENARIO --output FILE.webm [--size WxH] [--fps N] [--frames DIR]\n"
  "                                [--seed N] [--style light|dark]\n"
  "\n"
  "Plays the scenario's walkthrough and records it as a WebM (VP8) video, with the\n"
  "narration, highlights and the simulated clock, at N frames per second of video\n"
  "(default 1280x720 at 30). With --frames, also writes DIR/frame-NNNNNN.png.\n"
  "Exit status: 0 written, 1 invalid scenario, 2 usage error, 3 I/O error.\n";

static int video_usage_error (const char *fmt, ...) G_GNUC_PRINTF (1, 2);

static int
video_usage_error (const char *fmt,
                   ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, fmt);
  msg = g_strdup_vprintf (fmt, args);
  va_end (args);
  g_printerr ("lambdaflow-sim: video: %s\n\n%s", msg, video_usage);
  return EXIT_USAGE;
}

/* ---- options ---------------------------------------------------------------------- */

static int
parse_arguments (int           argc,
                 char        **argv,
                 VideoOptions *o)
{
  const LfCliOption options[] = {
    { "--output", "-o", &o->output }, { "--frames", NULL, &o->frames_dir }, { "--size", NULL, &o->size },
    { "--fps", NULL, &o->fps_text }, { "--seed", NULL, &o->seed }, { "--style", NULL, &o->style },
    { NULL, NULL, NULL },
  };
  g_autofree char *message = NULL;

  for (int i = 0; i < argc; i++)
    if (g_str_equal (argv[i], "--help") || g_str_equal (argv[i], "-h"))
      {
        g_print ("%s", video_usage);
        return -1;
      }
  if (!lf_cli_parse (argc, argv, options, &o->file, &message))
    return video_usage_error ("%s", message);
  return EXIT_OK;
}

static int
check_options (VideoOptions *o)
{
  guint64 fps;

  if (o->file == NULL)
    return video_usage_error ("a scenario file is needed");
  if (o->output == NULL && o->frames_dir == NULL)
    return video_usage_error ("--output FILE.webm is needed (or --frames DIR)");
  if (o->output != NULL)
    {
      g_autofree char *lower = g_ascii_strdown (o->output, -1);
      if (!g_str_has_suffix (lower, ".webm"))
        return video_usage_error ("--output must end in .webm, not “%s”", o->output);
    }
  o->width = DEFAULT_WIDTH;
  o->height = DEFAULT_HEIGHT;
  if (o->size && !lf_cli_parse_size (o->size, 16, MAX_SIDE, &o->width, &o->height))
    return video_usage_error ("--size takes WxH, each 16–%d, not “%s”", MAX_SIDE, o->size);
  if ((o->width | o->height) & 1)
    return video_usage_error ("--size: width and height must be even (VP8 with 4:2:0), not “%s”", o->size);
  o->fps = DEFAULT_FPS;
  if (o->fps_text)
    {
      if (!g_ascii_string_to_unsigned (o->fps_text, 10, 1, MAX_FPS, &fps, NULL))
        return video_usage_error ("--fps takes a whole number from 1 to %d, not “%s”", MAX_FPS, o->fps_text);
      o->fps = (int) fps;
    }
  o->painter_style = LF_PAINTER_STYLE_LIGHT;
  if (o->style && g_str_equal (o->style, "dark"))
    o->painter_style = LF_PAINTER_STYLE_DARK;
  else if (o->style && !g_str_equal (o->style, "light"))
    return video_usage_error ("--style takes light or dark, not “%s”", o->style);
  return EXIT_OK;
}

/* ---- drawing ---------------------------------------------------------------------- */

typedef struct {
  const LfVideoSettings *o;
  LfSession       *session;
  LfWalkthrough   *walkthrough;
  LfPainter       *painter;
  cairo_surface_t *surface;
  double           s;            /* device pixels per design pixel (≤ 1) */
  double           u;            /* the band's size unit (≥ 1 at large sizes) */
  double           lw, lh;       /* the frame in design pixels */
  double           band_h;
  cairo_rectangle_t area;        /* where the diagram goes, design pixels */
  /* the camera: a model-space centre and a scale, gliding from one step's to the next */
  double           overview[3];  /* cx, cy, scale: the whole diagram */
  double           cam_from[3], cam_to[3];
  LfTime           glide_start;
  /* output */
  GstElement      *pipeline;
  GstElement      *appsrc;
  char            *tmp;
  guint64          frame;
  LfTime           video_time;   /* of the next frame */
  int              status;
  GError          *error;        /* the first failure */
  GCancellable    *cancellable;
  LfVideoProgress  progress;
  gpointer         progress_data;
  guint            step;         /* being recorded */
} Video;

static void fail (Video *v, int status, const char *fmt, ...) G_GNUC_PRINTF (3, 4);

/* Keeps the first failure: EXIT_IO (G_IO_ERROR), EXIT_INVALID (LF_ERROR). */
static void
fail (Video *v, int status, const char *fmt, ...)
{
  va_list args;

  if (v->status == EXIT_OK)
    v->status = status;
  if (v->error != NULL)
    return;
  va_start (args, fmt);
  if (status == EXIT_INVALID)
    v->error = g_error_new_valist (LF_ERROR, LF_ERROR_INVALID_SCENARIO, fmt, args);
  else
    v->error = g_error_new_valist (G_IO_ERROR, G_IO_ERROR_FAILED, fmt, args);
  va_end (args);
}


static void
rounded_rect (cairo_t *cr, double x, double y, double w, double h, double r)
{
  r = MIN (r, MIN (w, h) / 2);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

/* Where the segment between two card centres leaves a card. */
static double
exit_fraction (const cairo_rectangle_t *r, double dx, double dy)
{
  double fx = fabs (dx) > 1e-9 ? (r->width / 2) / fabs (dx) : G_MAXDOUBLE;
  double fy = fabs (dy) > 1e-9 ? (r->height / 2) / fabs (dy) : G_MAXDOUBLE;

  return MIN (fx, fy);
}

static void
ring_node (Video *v, cairo_t *cr, const cairo_rectangle_t *r, gboolean focus)
{
  double pad = 7, radius = 14;

  /* a soft glow, then the ring */
  rounded_rect (cr, r->x - pad, r->y - pad, r->width + 2 * pad, r->height + 2 * pad, radius);
  if (focus)
    cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 0.22);
  else
    cairo_set_source_rgba (cr, 0.96, 0.62, 0.04, 0.25);
  cairo_set_line_width (cr, 12);
  cairo_stroke_preserve (cr);
  if (focus)
    cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 1.0);
  else
    cairo_set_source_rgba (cr, 0.93, 0.55, 0.0, 1.0);
  cairo_set_line_width (cr, 3.5);
  cairo_stroke (cr);
}

static void
ring_edge (Video *v, cairo_t *cr, LfEdge *edge, gboolean focus)
{
  cairo_rectangle_t a, b;
  double ax, ay, bx, by, dx, dy, ta, tb;

  if (!lf_painter_get_node_rect (v->painter, edge->from, &a) ||
      !lf_painter_get_node_rect (v->painter, edge->to, &b))
    return;
  ax = a.x + a.width / 2;
  ay = a.y + a.height / 2;
  bx = b.x + b.width / 2;
  by = b.y + b.height / 2;
  dx = bx - ax;
  dy = by - ay;
  ta = exit_fraction (&a, dx, dy);
  tb = exit_fraction (&b, dx, dy);
  if (ta + tb >= 1.0)
    return;
  cairo_move_to (cr, ax + dx * ta, ay + dy * ta);
  cairo_line_to (cr, bx - dx * tb, by - dy * tb);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  if (focus)
    cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 0.45);
  else
    cairo_set_source_rgba (cr, 0.96, 0.62, 0.04, 0.45);
  cairo_set_line_width (cr, 12);
  cairo_stroke (cr);
}

static void
ring (Video *v, cairo_t *cr, const char *id, gboolean focus)
{
  LfScenario *scenario = lf_session_get_scenario (v->session);
  cairo_rectangle_t r;
  LfEdge *edge;

  if (lf_painter_get_node_rect (v->painter, id, &r))
    ring_node (v, cr, &r, focus);
  else if ((edge = lf_scenario_find_edge (scenario, id)) != NULL)
    ring_edge (v, cr, edge, focus);
}

static PangoLayout *
band_layout (cairo_t *cr, double size, gboolean bold)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("DejaVu Sans");

  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  return layout;
}

static void
set_markup_or_text (PangoLayout *layout, const char *markup)
{
  if (pango_parse_markup (markup, -1, 0, NULL, NULL, NULL, NULL))
    pango_layout_set_markup (layout, markup, -1);
  else
    pango_layout_set_text (layout, markup, -1);
}

/* The narration band: "Step n of m", the title, the text, a dot per step. */
static void
draw_band (Video *v, cairo_t *cr, const LfWalkthroughStep *step, int index, guint n)
{
  double u = v->u, y0 = v->lh - v->band_h, pad = 26 * u, x = pad, w = v->lw - 2 * pad;
  g_autoptr(PangoLayout) counter = band_layout (cr, 13 * u, FALSE);
  g_autoptr(PangoLayout) title = band_layout (cr, 22 * u, TRUE);
  static const double text_sizes[] = { 17, 15.5, 14, 12.5 };
  g_autoptr(PangoLayout) text = band_layout (cr, text_sizes[0] * u, FALSE);
  g_autofree char *counter_text = g_strdup_printf ("STEP %d OF %u", index + 1, n);
  PangoRectangle c, t;
  double dots_w, y;

  cairo_save (cr);
  cairo_rectangle (cr, 0, y0, v->lw, v->band_h);
  cairo_set_source_rgb (cr, 0.11, 0.13, 0.18);
  cairo_fill (cr);
  cairo_rectangle (cr, 0, y0, v->lw, 3 * u);
  cairo_set_source_rgb (cr, 0.93, 0.55, 0.0);
  cairo_fill (cr);

  /* counter and dots on one line */
  pango_layout_set_text (counter, counter_text, -1);
  pango_layout_get_pixel_extents (counter, NULL, &c);
  y = y0 + 16 * u;
  cairo_move_to (cr, x, y);
  cairo_set_source_rgba (cr, 0.96, 0.70, 0.30, 1.0);
  pango_cairo_show_layout (cr, counter);
  dots_w = n * 14 * u;
  for (guint i = 0; i < n; i++)
    {
      double cx = x + w - dots_w + i * 14 * u + 7 * u, cy = y + c.height / 2.0;
      cairo_arc (cr, cx, cy, (int) i == index ? 4.5 * u : 3.5 * u, 0, 2 * G_PI);
      if ((int) i < index)
        cairo_set_source_rgba (cr, 1, 1, 1, 0.75);
      else if ((int) i == index)
        cairo_set_source_rgb (cr, 0.96, 0.62, 0.04);
      else
        cairo_set_source_rgba (cr, 1, 1, 1, 0.25);
      cairo_fill (cr);
    }

  y += c.height + 6 * u;
  pango_layout_set_text (title, step->title, -1);
  pango_layout_set_width (title, (int) (w * PANGO_SCALE));
  pango_layout_set_ellipsize (title, PANGO_ELLIPSIZE_END);
  pango_layout_get_pixel_extents (title, NULL, &t);
  cairo_move_to (cr, x, y);
  cairo_set_source_rgb (cr, 1, 1, 1);
  pango_cairo_show_layout (cr, title);

  y += t.height + 8 * u;
  /* a long text gets a smaller size before it is cut short */
  for (guint i = 0; i < G_N_ELEMENTS (text_sizes); i++)
    {
      if (i > 0)
        {
          g_clear_object (&text);
          text = band_layout (cr, text_sizes[i] * u, FALSE);
        }
      set_markup_or_text (text, step->text);
      pango_layout_set_width (text, (int) (w * PANGO_SCALE));
      pango_layout_set_wrap (text, PANGO_WRAP_WORD_CHAR);
      pango_layout_set_height (text, (int) (MAX (y0 + v->band_h - y - 10 * u, 10) * PANGO_SCALE));
      pango_layout_set_ellipsize (text, PANGO_ELLIPSIZE_END);
      pango_layout_set_spacing (text, (int) (2 * u * PANGO_SCALE));
      if (!pango_layout_is_ellipsized (text))
        break;
    }
  cairo_move_to (cr, x, y);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.88);
  pango_cairo_show_layout (cr, text);
  cairo_restore (cr);
}

/* ---- the camera --------------------------------------------------------------------- */

static void
camera_get (Video *v, double cam[3])
{
  double scale, xo, yo;

  lf_painter_get_view (v->painter, &scale, &xo, &yo);
  cam[0] = (v->area.x + v->area.width / 2 - xo) / scale;
  cam[1] = (v->area.y + v->area.height / 2 - yo) / scale;
  cam[2] = scale;
}

static void
camera_set (Video *v, const double cam[3])
{
  lf_painter_set_view (v->painter, cam[2], v->area.x + v->area.width / 2 - cam[0] * cam[2],
                       v->area.y + v->area.height / 2 - cam[1] * cam[2]);
}

static void
extend (cairo_rectangle_t *box, gboolean *any, LfNode *node)
{
  /* the card, its badges above and the queue cells below */
  double x0 = node->x - 12, y0 = node->y - 24;
  double x1 = node->x + LF_PAINTER_NODE_WIDTH + 12, y1 = node->y + LF_PAINTER_NODE_HEIGHT + 12;

  if (!*any)
    *box = (cairo_rectangle_t) { x0, y0, x1 - x0, y1 - y0 };
  else
    {
      double bx1 = MAX (box->x + box->width, x1), by1 = MAX (box->y + box->height, y1);
      box->x = MIN (box->x, x0);
      box->y = MIN (box->y, y0);
      box->width = bx1 - box->x;
      box->height = by1 - box->y;
    }
  *any = TRUE;
}

/* The nodes an id stands for: a node, or an edge's two ends. */
static void
extend_id (LfScenario *scenario, cairo_rectangle_t *box, gboolean *any, const char *id)
{
  LfNode *node = lf_scenario_find_node (scenario, id);
  LfEdge *edge;

  if (node != NULL)
    extend (box, any, node);
  else if ((edge = lf_scenario_find_edge (scenario, id)) != NULL)
    {
      if ((node = lf_scenario_find_node (scenario, edge->from)))
        extend (box, any, node);
      if ((node = lf_scenario_find_node (scenario, edge->to)))
        extend (box, any, node);
    }
}

/* Where the camera goes for a step. */
static void
camera_target (Video *v, const LfWalkthroughStep *step, double cam[3])
{
  LfScenario *scenario = lf_session_get_scenario (v->session);
  GPtrArray *edges = lf_scenario_get_edges (scenario);
  cairo_rectangle_t box = { 0 };
  gboolean any = FALSE;
  double w, h, scale;

  memcpy (cam, v->overview, sizeof v->overview);
  if (step->focus == NULL)
    return;
  extend_id (scenario, &box, &any, step->focus);
  for (guint i = 0; i < edges->len; i++)
    {
      LfEdge *e = g_ptr_array_index (edges, i);
      if (g_strcmp0 (e->from, step->focus) == 0)
        extend_id (scenario, &box, &any, e->to);
      else if (g_strcmp0 (e->to, step->focus) == 0)
        extend_id (scenario, &box, &any, e->from);
    }
  for (guint i = 0; step->highlight[i]; i++)
    extend_id (scenario, &box, &any, step->highlight[i]);
  if (!any)
    return;
  w = MAX (v->area.width - 2 * FIT_MARGIN, 1);
  h = MAX (v->area.height - 2 * FIT_MARGIN, 1);
  scale = MIN (w / MAX (box.width, 1), h / MAX (box.height, 1));
  scale = CLAMP (scale, v->overview[2], v->overview[2] * MAX_ZOOM);
  cam[0] = box.x + box.width / 2;
  cam[1] = box.y + box.height / 2;
  cam[2] = scale;
  /* keep the whole diagram's edge from drifting into view when it fits anyway */
  if (scale <= v->overview[2] * 1.0001)
    memcpy (cam, v->overview, sizeof v->overview);
}

static void
camera_start_glide (Video *v, const LfWalkthroughStep *step)
{
  camera_get (v, v->cam_from);
  camera_target (v, step, v->cam_to);
  v->glide_start = v->video_time;
}

/* Places the camera for the frame at v->video_time; TRUE while it moves. */
static gboolean
camera_update (Video *v)
{
  double t = (double) (v->video_time - v->glide_start) / GLIDE, e, cam[3];

  t = CLAMP (t, 0.0, 1.0);
  e = t * t * (3 - 2 * t);
  cam[0] = v->cam_from[0] + (v->cam_to[0] - v->cam_from[0]) * e;
  cam[1] = v->cam_from[1] + (v->cam_to[1] - v->cam_from[1]) * e;
  cam[2] = exp (log (v->cam_from[2]) + (log (v->cam_to[2]) - log (v->cam_from[2])) * e);
  camera_set (v, cam);
  return t < 1.0 && memcmp (v->cam_from, v->cam_to, sizeof cam) != 0;
}

/* Draws the current moment into the frame surface. */
static void
draw_frame (Video *v)
{
  cairo_t *cr = cairo_create (v->surface);
  int index = lf_walkthrough_get_current (v->walkthrough);
  const LfWalkthroughStep *step = index >= 0 ? lf_walkthrough_get_step (v->walkthrough, (guint) index) : NULL;
  LfScenario *scenario = lf_session_get_scenario (v->session);
  int lw = (int) ceil (v->lw), lh = (int) ceil (v->lh);

  camera_update (v);
  cairo_scale (cr, v->s, v->s);
  lf_painter_draw (v->painter, cr, lw, lh, lf_session_get_visual (v->session));
  if (step != NULL)
    {
      for (guint i = 0; step->highlight[i]; i++)
        ring (v, cr, step->highlight[i], FALSE);
      if (step->focus && !g_strv_contains ((const char *const *) step->highlight, step->focus))
        ring (v, cr, step->focus, TRUE);
    }
  lf_painter_draw_caption (v->painter, cr, lw, lf_scenario_get_title (scenario),
                           lf_session_get_now (v->session));
  if (step != NULL)
    draw_band (v, cr, step, index, lf_walkthrough_get_n_steps (v->walkthrough));
  cairo_destroy (cr);
  cairo_surface_flush (v->surface);
}

/* ---- output ----------------------------------------------------------------------- */

static gboolean
check_bus (Video *v, GstClockTime timeout, GstMessageType types)
{
  g_autoptr(GstBus) bus = gst_element_get_bus (v->pipeline);
  GstMessage *msg = gst_bus_timed_pop_filtered (bus, timeout, types | GST_MESSAGE_ERROR);
  gboolean ok = TRUE;

  if (msg == NULL)
    return TRUE;
  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *debug = NULL;

      gst_message_parse_error (msg, &error, &debug);
      fail (v, EXIT_IO, "cannot write %s: %s", v->o->output, error->message);
      ok = FALSE;
    }
  gst_message_unref (msg);
  return ok;
}

static gboolean
start_pipeline (Video *v)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;
  g_autoptr(GstCaps) caps = NULL;
  GstElement *sink;
  /* about 0.06 bit per pixel and frame: crisp text and lines (the picture changes little) */
  gint64 bitrate = CLAMP ((gint64) v->o->width * v->o->height * v->o->fps / 16, 200000, 20000000);
  const char *needed[] = { "appsrc", "videoconvert", "vp8enc", "webmmux", "filesink" };

  for (guint i = 0; i < G_N_ELEMENTS (needed); i++)
    {
      g_autoptr(GstElementFactory) factory = gst_element_factory_find (needed[i]);
      if (factory == NULL)
        {
          fail (v, EXIT_IO, "the GStreamer element %s is missing (install %s)", needed[i],
                g_str_equal (needed[i], "vp8enc") || g_str_equal (needed[i], "webmmux")
                  ? "gstreamer1.0-plugins-good" : "gstreamer1.0-plugins-base");
          return FALSE;
        }
    }
  description = g_strdup_printf ("appsrc name=src ! videoconvert ! "
                                 "vp8enc deadline=1 target-bitrate=%" G_GINT64_FORMAT
                                 " cpu-used=8 keyframe-max-dist=%d threads=2 ! webmmux ! filesink name=sink sync=false",
                                 bitrate, v->o->fps * 5);
  v->pipeline = gst_parse_launch (description, &error);
  if (v->pipeline == NULL)
    {
      fail (v, EXIT_IO, "GStreamer: %s", error->message);
      return FALSE;
    }
  v->appsrc = gst_bin_get_by_name (GST_BIN (v->pipeline), "src");
  sink = gst_bin_get_by_name (GST_BIN (v->pipeline), "sink");
  v->tmp = g_strconcat (v->o->output, ".tmp", NULL);
  g_object_set (sink, "location", v->tmp, NULL);
  gst_object_unref (sink);
  caps = gst_caps_new_simple ("video/x-raw",
                              "format", G_TYPE_STRING, G_BYTE_ORDER == G_LITTLE_ENDIAN ? "BGRA" : "ARGB",
                              "width", G_TYPE_INT, v->o->width,
                              "height", G_TYPE_INT, v->o->height,
                              "framerate", GST_TYPE_FRACTION, v->o->fps, 1,
                              "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1,
                              NULL);
  g_object_set (v->appsrc, "caps", caps, "format", GST_FORMAT_TIME, "block", TRUE,
                "max-bytes", (guint64) v->o->width * v->o->height * 4 * 4, NULL);
  if (gst_element_set_state (v->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      if (check_bus (v, 0, GST_MESSAGE_ERROR))
        fail (v, EXIT_IO, "cannot write %s", v->o->output);
      return FALSE;
    }
  return TRUE;
}

static gboolean
finish_pipeline (Video *v)
{
  if (v->pipeline == NULL)
    return TRUE;
  if (v->status == EXIT_OK)
    {
      gst_app_src_end_of_stream (GST_APP_SRC (v->appsrc));
      check_bus (v, GST_CLOCK_TIME_NONE, GST_MESSAGE_EOS);
    }
  gst_element_set_state (v->pipeline, GST_STATE_NULL);
  if (v->status == EXIT_OK && g_rename (v->tmp, v->o->output) != 0)
    {
      int saved = errno;
      fail (v, EXIT_IO, "cannot write %s: %s", v->o->output, g_strerror (saved));
    }
  if (v->status != EXIT_OK)
    g_unlink (v->tmp);
  return v->status == EXIT_OK;
}

/* Sends the surface as the next frame (drawing it first when redraw). */
static gboolean
emit_frame (Video *v, gboolean redraw)
{
  if (v->status != EXIT_OK)
    return FALSE;
  if (g_cancellable_set_error_if_cancelled (v->cancellable, &v->error))
    {
      v->status = EXIT_IO;
      return FALSE;
    }
  if (redraw)
    draw_frame (v);
  if (v->o->frames_dir)
    {
      g_autofree char *name = g_strdup_printf ("frame-%06" G_GUINT64_FORMAT ".png", v->frame);
      g_autofree char *path = g_build_filename (v->o->frames_dir, name, NULL);
      cairo_status_t st = cairo_surface_write_to_png (v->surface, path);

      if (st != CAIRO_STATUS_SUCCESS)
        {
          fail (v, EXIT_IO, "cannot write %s: %s", path, cairo_status_to_string (st));
          return FALSE;
        }
    }
  if (v->appsrc)
    {
      gsize size = (gsize) cairo_image_surface_get_stride (v->surface) * v->o->height;
      GstBuffer *buffer = gst_buffer_new_allocate (NULL, size, NULL);
      GstFlowReturn flow;

      gst_buffer_fill (buffer, 0, cairo_image_surface_get_data (v->surface), size);
      GST_BUFFER_PTS (buffer) = gst_util_uint64_scale (v->frame, GST_SECOND, (guint64) v->o->fps);
      GST_BUFFER_DURATION (buffer) = gst_util_uint64_scale (v->frame + 1, GST_SECOND, (guint64) v->o->fps)
                                     - GST_BUFFER_PTS (buffer);
      flow = gst_app_src_push_buffer (GST_APP_SRC (v->appsrc), buffer);
      if (flow != GST_FLOW_OK || !check_bus (v, 0, GST_MESSAGE_ERROR))
        {
          if (v->status == EXIT_OK)
            check_bus (v, GST_SECOND, GST_MESSAGE_ERROR);
          fail (v, EXIT_IO, "cannot write %s: %s", v->o->output, gst_flow_get_name (flow));
          return FALSE;
        }
    }
  v->frame++;
  v->video_time = (LfTime) gst_util_uint64_scale (v->frame, G_USEC_PER_SEC, (guint64) v->o->fps);
  if (v->progress)
    {
      /* by steps, and within one by simulated time towards the end of the run */
      guint n = lf_walkthrough_get_n_steps (v->walkthrough);
      LfTime start = lf_walkthrough_get_step_start (v->walkthrough);
      LfTime left = lf_session_get_duration (v->session) - start;
      double within = left > 0 ? (double) (lf_session_get_now (v->session) - start) / left : 0;
      v->progress (MIN (1.0, (v->step + CLAMP (within, 0.0, 0.95)) / MAX (n, 1)), v->progress_data);
    }
  return TRUE;
}

/* Microseconds of video from this frame to the next. */
static gint64
frame_us (Video *v)
{
  return (gint64) gst_util_uint64_scale (v->frame + 1, G_USEC_PER_SEC, (guint64) v->o->fps) - v->video_time;
}

static gboolean
hold (Video *v, LfTime until_video_time)
{
  gboolean redraw = TRUE;

  while (v->video_time < until_video_time)
    {
      /* the camera may still be gliding: draw until it rests */
      gboolean moving = v->video_time - v->glide_start <= GLIDE;
      if (!emit_frame (v, redraw || moving))
        return FALSE;
      redraw = FALSE;
    }
  return TRUE;
}

/* One step of the walkthrough, as described at the top. */
static gboolean
record_step (Video *v, guint index)
{
  LfWalkthrough *w = v->walkthrough;
  const LfWalkthroughStep *step;
  gboolean last = index + 1 == lf_walkthrough_get_n_steps (w);
  LfTime start;

  if (index == 0 ? !lf_walkthrough_go_to (w, 0) : !lf_walkthrough_next (w))
    return FALSE;
  step = lf_walkthrough_get_step (w, index);
  start = v->video_time;
  v->step = index;
  camera_start_glide (v, step);
  lf_session_set_playing (v->session, FALSE);
  if (!emit_frame (v, TRUE))
    return FALSE;
  if (step->pause || step->until == LF_UNTIL_USER)
    if (!hold (v, start + step->dwell))
      return FALSE;
  if (step->until != LF_UNTIL_USER)
    {
      LfTime play_start = v->video_time;

      lf_session_set_playing (v->session, TRUE);
      while (lf_session_get_playing (v->session) &&
             v->video_time - play_start < (last ? MAX_TAIL : MAX_PLAY) &&
             (last || !lf_walkthrough_get_step_done (w)))
        {
          lf_walkthrough_advance (w, frame_us (v));
          if (!emit_frame (v, TRUE))
            return FALSE;
        }
      lf_session_set_playing (v->session, FALSE);
    }
  return hold (v, start + MIN_STEP);
}

gboolean
lf_video_export (LfScenario            *scenario,
                 const LfVideoSettings *settings,
                 LfVideoProgress        progress,
                 gpointer               user_data,
                 GCancellable          *cancellable,
                 GError               **error)
{
  g_autoptr(LfSession) session = lf_session_new ();
  g_autoptr(LfWalkthrough) walkthrough = NULL;
  g_autoptr(LfPainter) painter = NULL;
  Video v = { 0 };
  guint n;

  g_return_val_if_fail (LF_IS_SCENARIO (scenario), FALSE);
  g_return_val_if_fail (settings != NULL && settings->width >= 16 && settings->height >= 16 &&
                        settings->fps >= 1, FALSE);
  g_return_val_if_fail (settings->output != NULL || settings->frames_dir != NULL, FALSE);
  v.o = settings;
  v.cancellable = cancellable;
  v.progress = progress;
  v.progress_data = user_data;
  if (!lf_session_set_scenario (session, scenario, &v.error))
    {
      g_propagate_error (error, v.error);
      return FALSE;
    }
  walkthrough = lf_walkthrough_new (session);
  if ((n = lf_walkthrough_get_n_steps (walkthrough)) == 0)
    {
      g_set_error (error, LF_ERROR, LF_ERROR_INVALID_SCENARIO, "the scenario has no walkthrough to record");
      return FALSE;
    }
  if (settings->frames_dir && g_mkdir_with_parents (settings->frames_dir, 0755) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "cannot create %s: %s",
                   settings->frames_dir, g_strerror (saved));
      return FALSE;
    }

  v.session = session;
  v.walkthrough = walkthrough;
  v.s = MIN (1.0, settings->height / DESIGN_HEIGHT);
  v.u = MAX (1.0, settings->height / DESIGN_HEIGHT);
  v.lw = settings->width / v.s;
  v.lh = settings->height / v.s;
  v.band_h = 168 * v.u;
  v.surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, settings->width, settings->height);
  painter = lf_painter_new ();
  v.painter = painter;
  lf_painter_set_scenario (painter, lf_session_get_scenario (session));
  lf_painter_set_style (painter, settings->style);
  lf_painter_set_icon_dir (painter, lf_icon_cache_default_dir ());
  v.area = (cairo_rectangle_t) { 0, LF_PAINTER_CAPTION_HEIGHT, v.lw,
                                 v.lh - LF_PAINTER_CAPTION_HEIGHT - v.band_h };
  lf_painter_fit (painter, &v.area, FIT_MARGIN, MAX_SCALE * v.u);
  camera_get (&v, v.overview);
  memcpy (v.cam_from, v.overview, sizeof v.overview);
  memcpy (v.cam_to, v.overview, sizeof v.overview);
  v.glide_start = -GLIDE;

  if (settings->output != NULL)
    {
      if (!gst_is_initialized () && !gst_init_check (NULL, NULL, &v.error))
        v.status = EXIT_IO;
      else
        start_pipeline (&v);
    }
  for (guint i = 0; i < n && v.status == EXIT_OK; i++)
    record_step (&v, i);
  finish_pipeline (&v);
  if (v.status == EXIT_OK && progress)
    progress (1.0, user_data);
  if (v.status == EXIT_OK && g_getenv ("LF_VIDEO_QUIET") == NULL)
    g_printerr ("%s: %u steps, %" G_GUINT64_FORMAT " frames at %d fps (%.2f s of video), %dx%d, "
                "simulated %.1f s\n", settings->output ? settings->output : settings->frames_dir, n,
                v.frame, settings->fps, v.video_time / 1e6, settings->width, settings->height,
                lf_session_get_now (session) / 1e6);
  g_clear_object (&v.appsrc);
  g_clear_object (&v.pipeline);
  g_free (v.tmp);
  cairo_surface_destroy (v.surface);
  if (v.status != EXIT_OK)
    {
      if (v.error == NULL)
        v.error = g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED, "the video could not be written");
      g_propagate_error (error, v.error);
      return FALSE;
    }
  return TRUE;
}

int
lf_video_main (int    argc,
               char **argv)
{
  VideoOptions o = { 0 };
  LfVideoSettings settings = { 0 };
  g_autoptr(LfScenario) scenario = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if ((status = parse_arguments (argc, argv, &o)) != EXIT_OK)
    return status < 0 ? EXIT_OK : status;
  if ((status = check_options (&o)) != EXIT_OK)
    return status;
  if ((scenario = lf_cli_load (o.file, o.seed, &status)) == NULL)
    return status;
  {
    /* the steps' own problems (an unknown record kind, a `set` that changes nothing) */
    g_autoptr(LfSession) session = lf_session_new ();
    if (lf_session_set_scenario (session, scenario, NULL))
      {
        g_autoptr(LfWalkthrough) walkthrough = lf_walkthrough_new (session);
        lf_cli_print_problems (o.file, lf_walkthrough_get_problems (walkthrough), TRUE);
      }
  }
  settings.width = o.width;
  settings.height = o.height;
  settings.fps = o.fps;
  settings.style = o.painter_style;
  settings.output = o.output;
  settings.frames_dir = o.frames_dir;
  if (lf_video_export (scenario, &settings, NULL, NULL, NULL, &error))
    return EXIT_OK;
  g_printerr ("lambdaflow-sim: %s: %s\n", o.file, error->message);
  return error->domain == LF_ERROR ? EXIT_INVALID : EXIT_IO;
}
