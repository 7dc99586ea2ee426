/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lf-canvas"

#include <adwaita.h>
#include <math.h>

#include "lf-canvas-private.h"

/* LfCanvas shows a session's scenario and its live state. It holds only the view: the
 * painter (and with it the view transform), the last frame and the gesture state.
 *
 * Frames are drawn by LfPainter into an image surface the canvas owns (width × height ×
 * scale factor) and handed to GTK as a memory texture; a frame is drawn again only when
 * something changed (the session moved, the selection, the view, the size, the style).
 * While the session plays, a tick callback advances it by the frame's wall time × speed
 * in bounded batches (lf_session_advance, or lf_walkthrough_advance while a walkthrough
 * is shown), then queues one draw.
 *
 * On top of the painter's frame, on the same surface, the canvas draws the selection and
 * a walkthrough step's highlight rings; lf_canvas_focus glides the view to a node with
 * an AdwTimedAnimation (ease-out, FOCUS_DURATION).
 */

#define FIT_MARGIN      32.0
#define FIT_MAX_SCALE    1.25
#define ZOOM_STEP        1.25
#define MAX_FRAME_US     100000   /* a stalled frame does not jump the clock */
#define SCROLL_STEP     48.0
#define SELECTION_PAD    5.0
#define EDGE_TOLERANCE   6.0
#define TOKEN_TOLERANCE  4.0
#define HIGHLIGHT_PAD    9.0
#define FOCUS_DURATION 400       /* ms */

struct _LfCanvas
{
  GtkWidget        parent_instance;

  /* Owned */
  LfSession       *session;
  LfWalkthrough   *walkthrough;
  GStrv            highlight;
  char            *pending_focus;
  AdwAnimation    *focus_animation;
  LfPainter       *painter;
  LfCanvasEdit    *edit;           /* the designer's state (lf-canvas-edit.c) */
  cairo_surface_t *surface;
  GdkTexture      *texture;

  /* Borrowed */
  AdwStyleManager *style_manager;
  GtkGesture      *drag;

  guint            tick_id;
  gint64           last_frame_time;
  double           drag_start_x;
  double           drag_start_y;
  double           drag_x_offset;
  double           drag_y_offset;
  double           zoom_begin;
  double           pointer_x;
  double           pointer_y;
  double           bottom_inset;
  double           focus_from_x, focus_from_y;
  double           focus_to_x, focus_to_y;
  guint            n_renders;
  guint            dirty : 1;
  guint            auto_fit : 1;
  guint            drag_pans : 1;
  guint            focus_gliding : 1;
};

G_DEFINE_FINAL_TYPE (LfCanvas, lf_canvas, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_ZOOM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
lf_canvas_invalidate (LfCanvas *self)
{
  self->dirty = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
_lf_canvas_invalidate (LfCanvas *self)
{
  lf_canvas_invalidate (self);
}

LfCanvasEdit *
_lf_canvas_get_edit (LfCanvas *self)
{
  return self->edit;
}

void
_lf_canvas_freeze_view (LfCanvas *self)
{
  self->auto_fit = FALSE;
  self->focus_gliding = FALSE;
}

static void
lf_canvas_view_changed (LfCanvas *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
  lf_canvas_invalidate (self);
}

/* ---- rendering --------------------------------------------------------------------- */

void
_lf_canvas_outline_rect (cairo_t                 *cr,
                        const cairo_rectangle_t *r,
                        double                   zoom,
                        double                   pad)
{
  double x = r->x - pad, y = r->y - pad, w = r->width + 2 * pad, h = r->height + 2 * pad;
  double radius = MIN (8.0 * zoom + pad, MIN (w, h) / 2);

  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - radius, y + radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, x + w - radius, y + h - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, x + radius, y + h - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, x + radius, y + radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

static LfEdge *
lf_canvas_find_edge (LfCanvas   *self,
                     const char *id)
{
  LfScenario *scenario = lf_painter_get_scenario (self->painter);
  GPtrArray *edges = scenario != NULL ? lf_scenario_get_edges (scenario) : NULL;

  for (guint i = 0; edges != NULL && i < edges->len; i++)
    {
      LfEdge *edge = g_ptr_array_index (edges, i);

      if (g_strcmp0 (edge->id, id) == 0)
        return edge;
    }

  return NULL;
}

/* The selected node gets a solid accent outline; a selected edge outlines the two
 * cards it joins with a dashed one. */
static void
lf_canvas_draw_selection (LfCanvas *self,
                          cairo_t  *cr)
{
  const char *selected = self->session ? lf_session_get_selected (self->session) : NULL;
  double zoom = lf_canvas_get_zoom (self);
  cairo_rectangle_t rect;
  LfEdge *edge;

  if (selected == NULL)
    return;

  cairo_save (cr);
  cairo_set_source_rgb (cr, 0.21, 0.52, 0.89);   /* the Adwaita accent, #3584e4 */
  cairo_set_line_width (cr, 3.0);

  if (lf_painter_get_node_rect (self->painter, selected, &rect))
    {
      _lf_canvas_outline_rect (cr, &rect, zoom, SELECTION_PAD);
      cairo_stroke (cr);
    }
  else if ((edge = lf_canvas_find_edge (self, selected)) != NULL)
    {
      static const double dash[] = { 6.0, 4.0 };

      cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
      if (lf_painter_get_node_rect (self->painter, edge->from, &rect))
        _lf_canvas_outline_rect (cr, &rect, zoom, SELECTION_PAD);
      if (lf_painter_get_node_rect (self->painter, edge->to, &rect))
        _lf_canvas_outline_rect (cr, &rect, zoom, SELECTION_PAD);
      cairo_stroke (cr);
    }

  cairo_restore (cr);
}

/* A walkthrough step's highlight: a soft amber glow and ring around each node; an edge
 * rings the two cards it joins, dashed. */
static void
lf_canvas_draw_highlight (LfCanvas *self,
                          cairo_t  *cr)
{
  double zoom = lf_canvas_get_zoom (self);

  if (self->highlight == NULL || self->highlight[0] == NULL)
    return;

  cairo_save (cr);
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; self->highlight[i] != NULL; i++)
      {
        static const double dash[] = { 8.0, 5.0 };
        cairo_rectangle_t rect;
        LfEdge *edge;

        if (pass == 0)
          {
            cairo_set_source_rgba (cr, 0.96, 0.76, 0.07, 0.30);
            cairo_set_line_width (cr, 10.0);
            cairo_set_dash (cr, NULL, 0, 0);
          }
        else
          {
            cairo_set_source_rgb (cr, 0.90, 0.65, 0.04);   /* #e5a50a */
            cairo_set_line_width (cr, 3.0);
            cairo_set_dash (cr, NULL, 0, 0);
          }

        if (lf_painter_get_node_rect (self->painter, self->highlight[i], &rect))
          {
            _lf_canvas_outline_rect (cr, &rect, zoom, HIGHLIGHT_PAD);
            cairo_stroke (cr);
          }
        else if ((edge = lf_canvas_find_edge (self, self->highlight[i])) != NULL)
          {
            if (pass == 1)
              cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
            if (lf_painter_get_node_rect (self->painter, edge->from, &rect))
              _lf_canvas_outline_rect (cr, &rect, zoom, HIGHLIGHT_PAD);
            if (lf_painter_get_node_rect (self->painter, edge->to, &rect))
              _lf_canvas_outline_rect (cr, &rect, zoom, HIGHLIGHT_PAD);
            cairo_stroke (cr);
          }
      }
  cairo_restore (cr);
}

static void lf_canvas_apply_focus (LfCanvas *self, const char *id, gboolean animate);

/* The height above the bottom inset (the narration card), where fit and focus place
 * the diagram; never less than a third of the canvas. */
static double
lf_canvas_visible_height (LfCanvas *self,
                          double    height)
{
  return MAX (height - self->bottom_inset, height / 3);
}

static void
lf_canvas_ensure_surface (LfCanvas *self,
                          int       width,
                          int       height,
                          int       scale)
{
  int pw = width * scale, ph = height * scale;

  /* The texture of the last frame may still hold the surface's pixels. */
  if (self->surface != NULL &&
      (cairo_surface_get_reference_count (self->surface) > 1 ||
       cairo_image_surface_get_width (self->surface) != pw ||
       cairo_image_surface_get_height (self->surface) != ph))
    g_clear_pointer (&self->surface, cairo_surface_destroy);

  if (self->surface == NULL)
    {
      self->surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, pw, ph);
      cairo_surface_set_device_scale (self->surface, scale, scale);
    }
}

static void
lf_canvas_render (LfCanvas *self,
                  int       width,
                  int       height)
{
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  LfVisual *visual = self->session ? lf_session_get_visual (self->session) : NULL;
  g_autoptr(GBytes) bytes = NULL;
  gint64 start = g_get_monotonic_time ();
  cairo_t *cr;

  if (self->auto_fit)
    lf_painter_fit (self->painter, &(cairo_rectangle_t) { 0, 0, width, lf_canvas_visible_height (self, height) },
                    FIT_MARGIN, FIT_MAX_SCALE);
  if (self->pending_focus != NULL)
    {
      g_autofree char *id = g_steal_pointer (&self->pending_focus);

      lf_canvas_apply_focus (self, id, FALSE);
    }

  lf_canvas_ensure_surface (self, width, height, scale);
  cr = cairo_create (self->surface);
  lf_painter_set_selected_message (self->painter, self->session ? lf_session_get_selected_message (self->session) : 0);
  lf_painter_draw (self->painter, cr, width, height, visual);
  lf_canvas_draw_highlight (self, cr);
  lf_canvas_draw_selection (self, cr);
  _lf_canvas_edit_draw (self, cr);
  cairo_destroy (cr);
  cairo_surface_flush (self->surface);

  bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (self->surface),
                                      (gsize) cairo_image_surface_get_stride (self->surface) *
                                      cairo_image_surface_get_height (self->surface),
                                      (GDestroyNotify) cairo_surface_destroy,
                                      cairo_surface_reference (self->surface));
  g_clear_object (&self->texture);
  self->texture = gdk_memory_texture_new (width * scale, height * scale,
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
                                          GDK_MEMORY_B8G8R8A8_PREMULTIPLIED,
#else
                                          GDK_MEMORY_A8R8G8B8_PREMULTIPLIED,
#endif
                                          bytes,
                                          cairo_image_surface_get_stride (self->surface));
  self->dirty = FALSE;
  self->n_renders++;
  g_debug ("frame %u: %d×%d@%d in %.2f ms", self->n_renders, width, height, scale,
           (g_get_monotonic_time () - start) / 1000.0);
}

static void
lf_canvas_snapshot (GtkWidget   *widget,
                    GtkSnapshot *snapshot)
{
  LfCanvas *self = LF_CANVAS (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int scale = gtk_widget_get_scale_factor (widget);

  if (width <= 0 || height <= 0 || lf_painter_get_scenario (self->painter) == NULL)
    return;

  if (self->dirty || self->texture == NULL ||
      gdk_texture_get_width (self->texture) != width * scale ||
      gdk_texture_get_height (self->texture) != height * scale)
    lf_canvas_render (self, width, height);

  gtk_snapshot_append_texture (snapshot, self->texture,
                               &GRAPHENE_RECT_INIT (0, 0, width, height));
}

/* ---- view -------------------------------------------------------------------------- */

double
lf_canvas_get_zoom (LfCanvas *self)
{
  double scale;

  g_return_val_if_fail (LF_IS_CANVAS (self), 1.0);

  lf_painter_get_view (self->painter, &scale, NULL, NULL);
  return scale;
}

/* Zooms by @factor keeping the model point under (@x, @y) where it is. */
void
lf_canvas_zoom_at (LfCanvas *self,
                   double    factor,
                   double    x,
                   double    y)
{
  double scale, ox, oy, new_scale;

  g_return_if_fail (LF_IS_CANVAS (self));

  lf_painter_get_view (self->painter, &scale, &ox, &oy);
  new_scale = CLAMP (scale * factor, LF_CANVAS_ZOOM_MIN, LF_CANVAS_ZOOM_MAX);
  if (new_scale == scale)
    return;

  self->auto_fit = FALSE;
  self->focus_gliding = FALSE;
  lf_painter_set_view (self->painter, new_scale,
                       x - (x - ox) * new_scale / scale,
                       y - (y - oy) * new_scale / scale);
  lf_canvas_view_changed (self);
}

void
lf_canvas_zoom_by (LfCanvas *self,
                   double    factor)
{
  GtkWidget *widget = GTK_WIDGET (self);

  lf_canvas_zoom_at (self, factor,
                     gtk_widget_get_width (widget) / 2.0,
                     gtk_widget_get_height (widget) / 2.0);
}

void
lf_canvas_zoom_reset (LfCanvas *self)
{
  lf_canvas_zoom_by (self, 1.0 / lf_canvas_get_zoom (self));
}

void
lf_canvas_pan (LfCanvas *self,
               double    dx,
               double    dy)
{
  double scale, ox, oy;

  g_return_if_fail (LF_IS_CANVAS (self));

  lf_painter_get_view (self->painter, &scale, &ox, &oy);
  self->auto_fit = FALSE;
  self->focus_gliding = FALSE;
  lf_painter_set_view (self->painter, scale, ox + dx, oy + dy);
  lf_canvas_invalidate (self);
}

/* Fits the whole diagram in the widget, and keeps it fitted as the widget is resized
 * until the view is zoomed or panned by hand. */
void
lf_canvas_fit (LfCanvas *self)
{
  g_return_if_fail (LF_IS_CANVAS (self));

  self->auto_fit = TRUE;
  self->focus_gliding = FALSE;
  lf_painter_fit (self->painter,
                  &(cairo_rectangle_t) { 0, 0,
                                         MAX (gtk_widget_get_width (GTK_WIDGET (self)), 1),
                                         lf_canvas_visible_height (self, MAX (gtk_widget_get_height (GTK_WIDGET (self)), 1)) },
                  FIT_MARGIN, FIT_MAX_SCALE);
  lf_canvas_view_changed (self);
}

/* ---- hit-testing and selection ----------------------------------------------------- */

const char *
lf_canvas_hit_test (LfCanvas *self,
                    double    x,
                    double    y)
{
  const char *id;

  g_return_val_if_fail (LF_IS_CANVAS (self), NULL);

  if (lf_painter_get_scenario (self->painter) == NULL)
    return NULL;
  if ((id = lf_painter_node_at (self->painter, x, y)) != NULL)
    return id;

  return lf_painter_edge_at (self->painter, x, y, EDGE_TOLERANCE);
}

void
lf_canvas_select_at (LfCanvas *self,
                     double    x,
                     double    y)
{
  g_return_if_fail (LF_IS_CANVAS (self));

  if (self->session != NULL)
    {
      /* a token selects its message (the log shows its lineage); else a node or edge */
      guint32 msg = lf_painter_token_at (self->painter, lf_session_get_visual (self->session),
                                         x, y, TOKEN_TOLERANCE);
      if (msg != 0)
        lf_session_set_selected_message (self->session, msg);
      else
        lf_session_set_selected (self->session, lf_canvas_hit_test (self, x, y));
    }
}

/* ---- input ------------------------------------------------------------------------- */

static void
lf_canvas_click_pressed_cb (LfCanvas        *self,
                            int              n_press,
                            double           x,
                            double           y,
                            GtkGestureClick *gesture)
{
  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (_lf_canvas_edit_press (self, n_press, x, y))
    return;
  lf_canvas_select_at (self, x, y);
}

static void
lf_canvas_drag_begin_cb (LfCanvas       *self,
                         double          x,
                         double          y,
                         GtkGestureDrag *gesture)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
  double scale;

  self->drag_start_x = x;
  self->drag_start_y = y;
  if (_lf_canvas_edit_drag_begin (self, x, y, state))
    {
      self->drag_pans = FALSE;
      return;
    }

  /* A drag that starts on a node or an edge selects it, it does not pan. */
  self->drag_pans = lf_canvas_hit_test (self, x, y) == NULL;
  lf_painter_get_view (self->painter, &scale, &self->drag_x_offset, &self->drag_y_offset);
  if (self->drag_pans)
    gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "grabbing");
}

static void
lf_canvas_drag_update_cb (LfCanvas       *self,
                          double          dx,
                          double          dy,
                          GtkGestureDrag *gesture)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
  double scale;

  if (_lf_canvas_edit_drag_update (self, self->drag_start_x + dx, self->drag_start_y + dy, state))
    return;
  if (!self->drag_pans)
    return;

  lf_painter_get_view (self->painter, &scale, NULL, NULL);
  self->auto_fit = FALSE;
  self->focus_gliding = FALSE;
  lf_painter_set_view (self->painter, scale, self->drag_x_offset + dx, self->drag_y_offset + dy);
  lf_canvas_invalidate (self);
}

static void
lf_canvas_drag_end_cb (LfCanvas       *self,
                       double          dx,
                       double          dy,
                       GtkGestureDrag *gesture)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));

  if (self->drag_pans)
    gtk_widget_set_cursor (GTK_WIDGET (self), NULL);
  _lf_canvas_edit_drag_end (self, self->drag_start_x + dx, self->drag_start_y + dy, state);
}

static void
lf_canvas_drag_cancel_cb (LfCanvas         *self,
                          GdkEventSequence *sequence,
                          GtkGesture       *gesture)
{
  if (self->drag_pans)
    gtk_widget_set_cursor (GTK_WIDGET (self), NULL);
  _lf_canvas_edit_cancel (self);
}

/* Escape while dragging: the designer's gesture is cancelled (the node goes back). */
static gboolean
lf_canvas_key_pressed_cb (LfCanvas              *self,
                          guint                  keyval,
                          guint                  keycode,
                          GdkModifierType        state,
                          GtkEventControllerKey *controller)
{
  if (keyval != GDK_KEY_Escape || !gtk_gesture_is_active (self->drag))
    return FALSE;
  if (!_lf_canvas_edit_cancel (self))
    return FALSE;
  gtk_event_controller_reset (GTK_EVENT_CONTROLLER (self->drag));
  return TRUE;
}

static gboolean
lf_canvas_scroll_cb (LfCanvas                 *self,
                     double                    dx,
                     double                    dy,
                     GtkEventControllerScroll *controller)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  GdkEvent *event = gtk_event_controller_get_current_event (GTK_EVENT_CONTROLLER (controller));
  gboolean smooth = event != NULL && gdk_scroll_event_get_direction (event) == GDK_SCROLL_SMOOTH;
  double x = self->pointer_x, y = self->pointer_y;

  if (state & GDK_CONTROL_MASK)
    {
      lf_canvas_zoom_at (self, pow (ZOOM_STEP, -dy * (smooth ? 0.25 : 1.0)), x, y);
      return TRUE;
    }

  if (state & GDK_SHIFT_MASK && dx == 0)
    dx = dy, dy = 0;
  lf_canvas_pan (self, -dx * SCROLL_STEP * (smooth ? 0.5 : 1.0),
                 -dy * SCROLL_STEP * (smooth ? 0.5 : 1.0));
  return TRUE;
}

static void
lf_canvas_motion_cb (LfCanvas                 *self,
                     double                    x,
                     double                    y,
                     GtkEventControllerMotion *controller)
{
  self->pointer_x = x;
  self->pointer_y = y;

  /* Nodes and edges can be clicked; the empty canvas can be dragged. In the designer,
   * nodes move and ports connect. */
  if (!gtk_gesture_is_active (self->drag))
    {
      const char *cursor = _lf_canvas_edit_motion (self, x, y);

      if (cursor == NULL && lf_canvas_hit_test (self, x, y) != NULL)
        cursor = "pointer";
      gtk_widget_set_cursor_from_name (GTK_WIDGET (self), cursor);
    }
}

static void
lf_canvas_zoom_begin_cb (LfCanvas         *self,
                         GdkEventSequence *sequence,
                         GtkGestureZoom   *gesture)
{
  self->zoom_begin = lf_canvas_get_zoom (self);
}

static void
lf_canvas_zoom_changed_cb (LfCanvas       *self,
                           double          scale,
                           GtkGestureZoom *gesture)
{
  double x, y;

  if (!gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y))
    x = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0, y = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
  lf_canvas_zoom_at (self, self->zoom_begin * scale / lf_canvas_get_zoom (self), x, y);
}

static void
lf_canvas_add_controllers (LfCanvas *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkGesture *click = gtk_gesture_click_new ();
  GtkGesture *drag = self->drag = gtk_gesture_drag_new ();
  GtkGesture *zoom = gtk_gesture_zoom_new ();
  GtkEventController *scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  GtkEventController *motion = gtk_event_controller_motion_new ();

  g_signal_connect_swapped (click, "pressed", G_CALLBACK (lf_canvas_click_pressed_cb), self);
  g_signal_connect_swapped (drag, "drag-begin", G_CALLBACK (lf_canvas_drag_begin_cb), self);
  g_signal_connect_swapped (drag, "drag-update", G_CALLBACK (lf_canvas_drag_update_cb), self);
  g_signal_connect_swapped (drag, "drag-end", G_CALLBACK (lf_canvas_drag_end_cb), self);
  g_signal_connect_swapped (drag, "cancel", G_CALLBACK (lf_canvas_drag_cancel_cb), self);
  g_signal_connect_swapped (scroll, "scroll", G_CALLBACK (lf_canvas_scroll_cb), self);
  g_signal_connect_swapped (motion, "enter", G_CALLBACK (lf_canvas_motion_cb), self);
  g_signal_connect_swapped (motion, "motion", G_CALLBACK (lf_canvas_motion_cb), self);
  g_signal_connect_swapped (zoom, "begin", G_CALLBACK (lf_canvas_zoom_begin_cb), self);
  g_signal_connect_swapped (zoom, "scale-changed", G_CALLBACK (lf_canvas_zoom_changed_cb), self);
  gtk_gesture_group (drag, zoom);

  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (click));
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (drag));
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (zoom));
  gtk_widget_add_controller (widget, scroll);
  gtk_widget_add_controller (widget, motion);

  {
    GtkEventController *keys = gtk_event_controller_key_new ();

    g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (lf_canvas_key_pressed_cb), self);
    gtk_widget_add_controller (widget, keys);
  }
}

/* ---- playback ---------------------------------------------------------------------- */

void
lf_canvas_tick (LfCanvas *self,
                gint64    wall_us)
{
  g_return_if_fail (LF_IS_CANVAS (self));

  if (self->session == NULL || !lf_session_get_playing (self->session))
    return;

  /* The session emits "advanced", which queues the one draw of this frame. */
  if (self->walkthrough != NULL)
    lf_walkthrough_advance (self->walkthrough, CLAMP (wall_us, 0, MAX_FRAME_US));
  else
    lf_session_advance (self->session, CLAMP (wall_us, 0, MAX_FRAME_US));
}

static gboolean
lf_canvas_tick_cb (GtkWidget     *widget,
                   GdkFrameClock *clock,
                   gpointer       user_data)
{
  LfCanvas *self = LF_CANVAS (widget);
  gint64 now = gdk_frame_clock_get_frame_time (clock);

  if (self->last_frame_time != 0)
    lf_canvas_tick (self, now - self->last_frame_time);
  self->last_frame_time = now;

  return G_SOURCE_CONTINUE;
}

static void
lf_canvas_update_ticking (LfCanvas *self)
{
  gboolean playing = self->session != NULL && lf_session_get_playing (self->session);

  if (playing && self->tick_id == 0)
    {
      self->last_frame_time = 0;
      self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), lf_canvas_tick_cb, NULL, NULL);
    }
  else if (!playing && self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
}

/* ---- session ----------------------------------------------------------------------- */

static void
lf_canvas_scenario_changed_cb (LfCanvas *self)
{
  /* The designer draws its document; a restarted run only changes the live layer. */
  if (_lf_canvas_edit_owns_scenario (self))
    {
      g_clear_object (&self->texture);
      lf_canvas_invalidate (self);
      return;
    }
  lf_painter_set_scenario (self->painter, lf_session_get_scenario (self->session));
  self->auto_fit = TRUE;
  g_clear_object (&self->texture);
  lf_canvas_invalidate (self);
}

static void
lf_canvas_style_changed_cb (LfCanvas *self)
{
  lf_painter_set_style (self->painter,
                        adw_style_manager_get_dark (self->style_manager)
                        ? LF_PAINTER_STYLE_DARK : LF_PAINTER_STYLE_LIGHT);
  lf_canvas_invalidate (self);
}

LfSession *
lf_canvas_get_session (LfCanvas *self)
{
  g_return_val_if_fail (LF_IS_CANVAS (self), NULL);

  return self->session;
}

void
lf_canvas_set_session (LfCanvas  *self,
                       LfSession *session)
{
  g_return_if_fail (LF_IS_CANVAS (self));
  g_return_if_fail (session == NULL || LF_IS_SESSION (session));

  if (self->session == session)
    return;

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);

  if (session != NULL)
    {
      g_signal_connect_swapped (session, "advanced", G_CALLBACK (lf_canvas_invalidate), self);
      g_signal_connect_swapped (session, "notify::selected", G_CALLBACK (_lf_canvas_edit_session_selected), self);
      g_signal_connect_swapped (session, "notify::selected", G_CALLBACK (lf_canvas_invalidate), self);
      g_signal_connect_swapped (session, "notify::selected-message", G_CALLBACK (lf_canvas_invalidate), self);
      g_signal_connect_swapped (session, "notify::scenario", G_CALLBACK (lf_canvas_scenario_changed_cb), self);
      g_signal_connect_swapped (session, "notify::playing", G_CALLBACK (lf_canvas_update_ticking), self);
    }

  if (!_lf_canvas_edit_owns_scenario (self))
    {
      lf_painter_set_scenario (self->painter, session ? lf_session_get_scenario (session) : NULL);
      self->auto_fit = TRUE;
    }
  lf_canvas_update_ticking (self);
  lf_canvas_invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

LfPainter *
lf_canvas_get_painter (LfCanvas *self)
{
  g_return_val_if_fail (LF_IS_CANVAS (self), NULL);

  return self->painter;
}

void
lf_canvas_set_icon_dir (LfCanvas   *self,
                        const char *dir)
{
  g_return_if_fail (LF_IS_CANVAS (self));

  lf_painter_set_icon_dir (self->painter, dir);
  lf_canvas_invalidate (self);
}

/* ---- walkthrough: highlight and focus ---------------------------------------------- */

void
lf_canvas_set_walkthrough (LfCanvas      *self,
                           LfWalkthrough *walkthrough)
{
  g_return_if_fail (LF_IS_CANVAS (self));
  g_return_if_fail (walkthrough == NULL || LF_IS_WALKTHROUGH (walkthrough));

  g_set_object (&self->walkthrough, walkthrough);
}

LfWalkthrough *
lf_canvas_get_walkthrough (LfCanvas *self)
{
  g_return_val_if_fail (LF_IS_CANVAS (self), NULL);

  return self->walkthrough;
}

void
lf_canvas_set_highlight (LfCanvas           *self,
                         const char * const *ids)
{
  g_return_if_fail (LF_IS_CANVAS (self));

  if (self->highlight == NULL && (ids == NULL || ids[0] == NULL))
    return;
  if (self->highlight != NULL && ids != NULL &&
      g_strv_equal ((const char * const *) self->highlight, ids))
    return;

  g_clear_pointer (&self->highlight, g_strfreev);
  if (ids != NULL && ids[0] != NULL)
    self->highlight = g_strdupv ((char **) ids);
  lf_canvas_invalidate (self);
}

const char * const *
lf_canvas_get_highlight (LfCanvas *self)
{
  g_return_val_if_fail (LF_IS_CANVAS (self), NULL);

  return (const char * const *) self->highlight;
}

double
lf_canvas_get_bottom_inset (LfCanvas *self)
{
  g_return_val_if_fail (LF_IS_CANVAS (self), 0.0);

  return self->bottom_inset;
}

void
lf_canvas_set_bottom_inset (LfCanvas *self,
                            double    inset)
{
  g_return_if_fail (LF_IS_CANVAS (self));

  inset = MAX (inset, 0.0);
  if (inset == self->bottom_inset)
    return;

  self->bottom_inset = inset;
  lf_canvas_invalidate (self);
}

/* The view-coordinate centre of a node, or of the middle of an edge. */
static gboolean
lf_canvas_get_item_center (LfCanvas   *self,
                           const char *id,
                           double     *x,
                           double     *y)
{
  cairo_rectangle_t a, b;
  LfEdge *edge;

  if (lf_painter_get_node_rect (self->painter, id, &a))
    {
      *x = a.x + a.width / 2;
      *y = a.y + a.height / 2;
      return TRUE;
    }
  if ((edge = lf_canvas_find_edge (self, id)) != NULL &&
      lf_painter_get_node_rect (self->painter, edge->from, &a) &&
      lf_painter_get_node_rect (self->painter, edge->to, &b))
    {
      *x = (a.x + a.width / 2 + b.x + b.width / 2) / 2;
      *y = (a.y + a.height / 2 + b.y + b.height / 2) / 2;
      return TRUE;
    }

  return FALSE;
}

static void
lf_canvas_focus_value_cb (double   value,
                          gpointer user_data)
{
  LfCanvas *self = user_data;
  double scale;

  if (!self->focus_gliding)
    return;

  lf_painter_get_view (self->painter, &scale, NULL, NULL);
  lf_painter_set_view (self->painter, scale,
                       self->focus_from_x + (self->focus_to_x - self->focus_from_x) * value,
                       self->focus_from_y + (self->focus_to_y - self->focus_from_y) * value);
  lf_canvas_invalidate (self);
}

static void
lf_canvas_focus_done_cb (LfCanvas *self)
{
  self->focus_gliding = FALSE;
  lf_canvas_view_changed (self);
}

/* Moves a centring offset no further than needed to keep the diagram's extent
 * [lo, hi] (view units, at that offset) on screen in [a0, a1]: a diagram that fits
 * stays whole, a larger one never shows empty space past its edge. */
static double
lf_canvas_clamp_offset (double offset,
                        double lo,
                        double hi,
                        double a0,
                        double a1)
{
  if (hi - lo <= a1 - a0 - 2 * FIT_MARGIN)
    {
      if (lo < a0 + FIT_MARGIN)
        offset += a0 + FIT_MARGIN - lo;
      else if (hi > a1 - FIT_MARGIN)
        offset -= hi - (a1 - FIT_MARGIN);
    }
  else
    {
      if (lo > a0 + FIT_MARGIN)
        offset -= lo - (a0 + FIT_MARGIN);
      else if (hi < a1 - FIT_MARGIN)
        offset += a1 - FIT_MARGIN - hi;
    }

  return offset;
}

static void
lf_canvas_apply_focus (LfCanvas   *self,
                       const char *id,
                       gboolean    animate)
{
  GtkWidget *widget = GTK_WIDGET (self);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  double visible = lf_canvas_visible_height (self, height);
  double scale, ox, oy, cx, cy;
  cairo_rectangle_t bounds;

  if (!lf_canvas_get_item_center (self, id, &cx, &cy))
    return;

  lf_painter_get_view (self->painter, &scale, &ox, &oy);
  self->focus_from_x = ox;
  self->focus_from_y = oy;
  self->focus_to_x = ox + width / 2 - cx;
  self->focus_to_y = oy + visible / 2 - cy;

  if (lf_painter_get_bounds (self->painter, &bounds))
    {
      double x0 = bounds.x * scale, x1 = (bounds.x + bounds.width) * scale;
      double y0 = bounds.y * scale, y1 = (bounds.y + bounds.height) * scale;

      self->focus_to_x = lf_canvas_clamp_offset (self->focus_to_x, x0 + self->focus_to_x,
                                                 x1 + self->focus_to_x, 0, width);
      self->focus_to_y = lf_canvas_clamp_offset (self->focus_to_y, y0 + self->focus_to_y,
                                                 y1 + self->focus_to_y, 0, visible);
    }

  /* Already there (a diagram that fits is shown whole): the view stays as it is, and
   * keeps following the canvas's size if it did. */
  if (fabs (self->focus_to_x - ox) < 0.5 && fabs (self->focus_to_y - oy) < 0.5)
    return;
  self->auto_fit = FALSE;

  if (self->focus_animation == NULL)
    {
      self->focus_animation =
        adw_timed_animation_new (widget, 0.0, 1.0, FOCUS_DURATION,
                                 adw_callback_animation_target_new (lf_canvas_focus_value_cb, self, NULL));
      adw_timed_animation_set_easing (ADW_TIMED_ANIMATION (self->focus_animation), ADW_EASE_OUT_CUBIC);
      g_signal_connect_swapped (self->focus_animation, "done", G_CALLBACK (lf_canvas_focus_done_cb), self);
    }

  self->focus_gliding = TRUE;
  adw_animation_reset (self->focus_animation);
  if (animate)
    adw_animation_play (self->focus_animation);
  else
    adw_animation_skip (self->focus_animation);
}

void
lf_canvas_focus (LfCanvas   *self,
                 const char *id,
                 gboolean    animate)
{
  g_return_if_fail (LF_IS_CANVAS (self));

  g_clear_pointer (&self->pending_focus, g_free);
  if (id == NULL)
    return;

  /* Before the first frame the view is not fitted yet: focus then. */
  if (gtk_widget_get_width (GTK_WIDGET (self)) <= 0 || self->texture == NULL)
    {
      self->pending_focus = g_strdup (id);
      lf_canvas_invalidate (self);
      return;
    }

  lf_canvas_apply_focus (self, id, animate);
}

GdkTexture *
lf_canvas_get_texture (LfCanvas *self)
{
  g_return_val_if_fail (LF_IS_CANVAS (self), NULL);

  return self->texture;
}

guint
lf_canvas_get_n_renders (LfCanvas *self)
{
  g_return_val_if_fail (LF_IS_CANVAS (self), 0);

  return self->n_renders;
}

/* ---- GObject ----------------------------------------------------------------------- */

static void
lf_canvas_size_allocate (GtkWidget *widget,
                         int        width,
                         int        height,
                         int        baseline)
{
  _lf_canvas_edit_size_allocate (LF_CANVAS (widget));
}

static void
lf_canvas_dispose (GObject *object)
{
  LfCanvas *self = LF_CANVAS (object);

  _lf_canvas_edit_dispose (self);
  lf_canvas_set_session (self, NULL);
  g_clear_object (&self->walkthrough);
  if (self->focus_animation != NULL)
    {
      self->focus_gliding = FALSE;
      adw_animation_reset (self->focus_animation);
    }
  g_clear_object (&self->focus_animation);
  if (self->style_manager != NULL)
    g_signal_handlers_disconnect_by_data (self->style_manager, self);
  self->style_manager = NULL;

  G_OBJECT_CLASS (lf_canvas_parent_class)->dispose (object);
}

static void
lf_canvas_finalize (GObject *object)
{
  LfCanvas *self = LF_CANVAS (object);

  g_clear_object (&self->texture);
  g_clear_pointer (&self->surface, cairo_surface_destroy);
  g_clear_object (&self->painter);
  g_clear_pointer (&self->highlight, g_strfreev);
  g_clear_pointer (&self->pending_focus, g_free);
  g_clear_pointer (&self->edit, _lf_canvas_edit_free);

  G_OBJECT_CLASS (lf_canvas_parent_class)->finalize (object);
}

static void
lf_canvas_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  LfCanvas *self = LF_CANVAS (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_ZOOM:
      g_value_set_double (value, lf_canvas_get_zoom (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lf_canvas_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  LfCanvas *self = LF_CANVAS (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      lf_canvas_set_session (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lf_canvas_class_init (LfCanvasClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lf_canvas_dispose;
  object_class->finalize = lf_canvas_finalize;
  object_class->get_property = lf_canvas_get_property;
  object_class->set_property = lf_canvas_set_property;

  widget_class->snapshot = lf_canvas_snapshot;
  widget_class->size_allocate = lf_canvas_size_allocate;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, LF_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, 0.0, G_MAXDOUBLE, 1.0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  _lf_canvas_edit_class_init (widget_class);
  gtk_widget_class_set_css_name (widget_class, "lf-canvas");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
lf_canvas_init (LfCanvas *self)
{
  self->painter = lf_painter_new ();
  self->edit = _lf_canvas_edit_new (self);
  self->auto_fit = TRUE;
  self->dirty = TRUE;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  lf_canvas_add_controllers (self);
  _lf_canvas_edit_init (self);

  self->style_manager = adw_style_manager_get_default ();
  g_signal_connect_swapped (self->style_manager, "notify::dark",
                            G_CALLBACK (lf_canvas_style_changed_cb), self);
  lf_canvas_style_changed_cb (self);
  g_signal_connect_swapped (self, "notify::scale-factor", G_CALLBACK (lf_canvas_invalidate), self);
}

GtkWidget *
lf_canvas_new (void)
{
  return g_object_new (LF_TYPE_CANVAS, NULL);
}
