/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lf-painter"

#include <math.h>

#include "lf-painter-private.h"

/* Edges are cubic curves from border to border. A target to the right or left leaves
 * and enters through the facing sides; a neighbour straight above or below through
 * the bottom and top; a node further along the same column is reached by a bow out of
 * the right-hand sides, so that the curve does not cross the cards between them. The
 * ends that share a side are spread along it in the order of their other ends, so
 * parallel edges never overlap. */

typedef enum { SIDE_LEFT, SIDE_RIGHT, SIDE_TOP, SIDE_BOTTOM, N_SIDES } Side;

#define COLUMN_GAP  16.0   /* horizontal clearance that makes a target "beside" */
#define SIDE_INSET  14.0   /* ports keep this far from a card's corners */
#define ADJACENT    (LF_PAINTER_NODE_HEIGHT * 0.9)
#define CLEARANCE    4.0   /* how close a curve may pass a card it does not touch */
#define DETOUR_STEP 30.0   /* sideways steps tried around cards in the way */
#define GAP_DEFAULT 20.0   /* half a gap where no card bounds it */

typedef struct {
  int     edge;
  gboolean source;         /* the edge's start (else its end) */
  double  key;             /* the other end's coordinate along the side */
} PortEnd;

static const LfPoint side_normal[N_SIDES] = { { -1, 0 }, { 1, 0 }, { 0, -1 }, { 0, 1 } };

void
_lf_rounded_rect (cairo_t *cr,
                  double   x,
                  double   y,
                  double   w,
                  double   h,
                  double   r)
{
  r = MIN (r, MIN (w, h) / 2);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

static LfPoint
rect_center (const cairo_rectangle_t *r)
{
  return (LfPoint) { r->x + r->width / 2, r->y + r->height / 2 };
}

/* Which sides an edge leaves from and arrives at. */
static void
choose_sides (const cairo_rectangle_t *s,
              const cairo_rectangle_t *t,
              Side                    *from,
              Side                    *to)
{
  if (t->x >= s->x + s->width + COLUMN_GAP)
    *from = SIDE_RIGHT, *to = SIDE_LEFT;
  else if (t->x + t->width + COLUMN_GAP <= s->x)
    *from = SIDE_LEFT, *to = SIDE_RIGHT;
  else if (t->y >= s->y + s->height)
    {
      if (t->y - (s->y + s->height) < ADJACENT)
        *from = SIDE_BOTTOM, *to = SIDE_TOP;
      else
        *from = SIDE_RIGHT, *to = SIDE_RIGHT;
    }
  else if (t->y + t->height <= s->y)
    {
      if (s->y - (t->y + t->height) < ADJACENT)
        *from = SIDE_TOP, *to = SIDE_BOTTOM;
      else
        *from = SIDE_RIGHT, *to = SIDE_RIGHT;
    }
  else
    *from = SIDE_RIGHT, *to = SIDE_RIGHT;   /* overlapping cards */
}

/* The point of a port: `slot` of `n` along a side. */
static LfPoint
port_point (const cairo_rectangle_t *r,
            Side                     side,
            guint                    slot,
            guint                    n)
{
  double f = (slot + 1.0) / (n + 1.0);
  double along_h = r->x + SIDE_INSET + f * (r->width - 2 * SIDE_INSET);
  double along_v = r->y + SIDE_INSET + f * (r->height - 2 * SIDE_INSET);

  switch (side)
    {
    case SIDE_LEFT:   return (LfPoint) { r->x, along_v };
    case SIDE_RIGHT:  return (LfPoint) { r->x + r->width, along_v };
    case SIDE_TOP:    return (LfPoint) { along_h, r->y };
    case SIDE_BOTTOM:
    case N_SIDES:
    default:          return (LfPoint) { along_h, r->y + r->height };
    }
}

static LfPoint
bezier (const LfPoint c[4],
        double        t)
{
  double u = 1 - t;
  double a = u * u * u, b = 3 * u * u * t, d = 3 * u * t * t, e = t * t * t;

  return (LfPoint) { a * c[0].x + b * c[1].x + d * c[2].x + e * c[3].x,
                     a * c[0].y + b * c[1].y + d * c[2].y + e * c[3].y };
}

/* Samples the path at equal arc lengths, so tokens move at a steady speed. */
static void
sample_curve (LfPEdge *e)
{
  enum { FINE = 144 };
  LfPoint fine[FINE + 1];
  double acc[FINE + 1];
  guint per = FINE / e->n_seg, j = 0;

  for (guint i = 0; i <= FINE; i++)
    {
      guint sg = MIN (i / per, e->n_seg - 1);
      fine[i] = bezier (e->seg[sg], (double) (i - sg * per) / per);
      acc[i] = i == 0 ? 0 : acc[i - 1] + hypot (fine[i].x - fine[i - 1].x, fine[i].y - fine[i - 1].y);
    }
  e->length = acc[FINE];
  for (guint s = 0; s <= LF_EDGE_SAMPLES; s++)
    {
      double want = e->length * s / LF_EDGE_SAMPLES, f;
      while (j < FINE - 1 && acc[j + 1] < want)
        j++;
      f = acc[j + 1] > acc[j] ? CLAMP ((want - acc[j]) / (acc[j + 1] - acc[j]), 0, 1) : 0;
      e->samples[s] = (LfPoint) { fine[j].x + f * (fine[j + 1].x - fine[j].x),
                                  fine[j].y + f * (fine[j + 1].y - fine[j].y) };
    }
  e->mid = e->samples[LF_EDGE_SAMPLES / 2];
  e->p0 = e->seg[0][0];
  e->p3 = e->seg[e->n_seg - 1][3];
  e->valid = TRUE;
}

void
_lf_pedge_path (cairo_t       *cr,
                const LfPEdge *e)
{
  cairo_move_to (cr, e->seg[0][0].x, e->seg[0][0].y);
  for (guint i = 0; i < e->n_seg; i++)
    cairo_curve_to (cr, e->seg[i][1].x, e->seg[i][1].y, e->seg[i][2].x, e->seg[i][2].y,
                    e->seg[i][3].x, e->seg[i][3].y);
}

static double
control_reach (LfPoint a,
               LfPoint b,
               Side    from,
               Side    to)
{
  double d = hypot (b.x - a.x, b.y - a.y);

  if (from == to)   /* a bow */
    return 36 + 0.12 * fabs (b.y - a.y);
  return CLAMP (d * 0.4, 18, 120);
}

/* One cubic leaving along n0 and arriving along -n3, its middle pushed `off` along perp. */
static void
set_curve (LfPEdge *e,
           LfPoint  p0,
           LfPoint  n0,
           LfPoint  p3,
           LfPoint  n3,
           double   reach,
           LfPoint  perp,
           double   off)
{
  double k = off / 0.75;   /* a cubic's middle moves ¾ of its control points */

  e->n_seg = 1;
  e->seg[0][0] = p0;
  e->seg[0][1] = (LfPoint) { p0.x + n0.x * reach + perp.x * k, p0.y + n0.y * reach + perp.y * k };
  e->seg[0][2] = (LfPoint) { p3.x + n3.x * reach + perp.x * k, p3.y + n3.y * reach + perp.y * k };
  e->seg[0][3] = p3;
  sample_curve (e);
}

/* Cubics through waypoints, crossing each along the main direction of travel. */
static void
set_path (LfPEdge       *e,
          LfPoint        p0,
          LfPoint        n0,
          const LfPoint *via,
          guint          n_via,
          LfPoint        p3,
          LfPoint        n3)
{
  LfPoint pts[LF_MAX_SEGMENTS + 1], dirs[LF_MAX_SEGMENTS + 1];
  double dx = p3.x - p0.x, dy = p3.y - p0.y;
  LfPoint t = fabs (dx) >= fabs (dy) ? (LfPoint) { dx >= 0 ? 1 : -1, 0 } : (LfPoint) { 0, dy >= 0 ? 1 : -1 };
  guint n = n_via + 1;

  pts[0] = p0, dirs[0] = n0;
  for (guint i = 0; i < n_via; i++)
    pts[i + 1] = via[i], dirs[i + 1] = t;
  pts[n] = p3, dirs[n] = (LfPoint) { -n3.x, -n3.y };
  e->n_seg = n;
  for (guint i = 0; i < n; i++)
    {
      LfPoint a = pts[i], b = pts[i + 1];
      double r = CLAMP (hypot (b.x - a.x, b.y - a.y) * 0.4, 12, 110);
      e->seg[i][0] = a;
      e->seg[i][1] = (LfPoint) { a.x + dirs[i].x * r, a.y + dirs[i].y * r };
      e->seg[i][2] = (LfPoint) { b.x - dirs[i + 1].x * r, b.y - dirs[i + 1].y * r };
      e->seg[i][3] = b;
    }
  sample_curve (e);
}

static gboolean
in_card (const cairo_rectangle_t *r,
         LfPoint                  p)
{
  return p.x > r->x - CLEARANCE && p.x < r->x + r->width + CLEARANCE &&
         p.y > r->y - CLEARANCE && p.y < r->y + r->height + CLEARANCE;
}

/* Samples of the path inside cards other than its own two; *first: the first card hit. */
static guint
count_hits (LfPainter     *self,
            const LfPEdge *e,
            int           *first)
{
  double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;
  guint hits = 0, first_sample = G_MAXUINT;

  *first = -1;
  for (guint s = 0; s <= LF_EDGE_SAMPLES; s++)
    {
      x0 = MIN (x0, e->samples[s].x), x1 = MAX (x1, e->samples[s].x);
      y0 = MIN (y0, e->samples[s].y), y1 = MAX (y1, e->samples[s].y);
    }
  for (guint i = 0; i < self->nodes->len; i++)
    {
      const cairo_rectangle_t *r = &lf_pnode (self, i)->rect;

      if ((int) i == e->from || (int) i == e->to || r->x + r->width + CLEARANCE < x0 ||
          r->x - CLEARANCE > x1 || r->y + r->height + CLEARANCE < y0 || r->y - CLEARANCE > y1)
        continue;
      for (guint s = 1; s < LF_EDGE_SAMPLES; s++)
        if (in_card (r, e->samples[s]))
          {
            hits++;
            if (s < first_sample)
              first_sample = s, *first = (int) i;
          }
    }
  return hits;
}

/* How far above (dir < 0) or below a card the free gap's middle is. */
static double
gap_middle (LfPainter               *self,
            const cairo_rectangle_t *b,
            int                      dir)
{
  double best = dir < 0 ? b->y - 2 * GAP_DEFAULT : b->y + b->height + 2 * GAP_DEFAULT;

  for (guint i = 0; i < self->nodes->len; i++)
    {
      const cairo_rectangle_t *r = &lf_pnode (self, i)->rect;
      if (r->x >= b->x + b->width || r->x + r->width <= b->x)
        continue;
      if (dir < 0 && r->y + r->height <= b->y)
        best = MAX (best, r->y + r->height);
      else if (dir > 0 && r->y >= b->y + b->height)
        best = MIN (best, r->y);
    }
  return dir < 0 ? (best + b->y) / 2 : (best + b->y + b->height) / 2;
}

typedef struct {
  guint   hits;
  double  length;
  LfPoint via[LF_MAX_SEGMENTS - 1];
  guint   n_via;
  double  off;
} Route;

static gboolean
route_better (const Route *a,
              const Route *b)
{
  return a->hits < b->hits || (a->hits == b->hits && a->length < b->length - 1);
}

/* Waypoints in the gaps above and below the card in the way, then one more for the
 * next card in the way. */
static void
try_waypoints (LfPainter *self,
               LfPEdge   *e,
               LfPoint    p0,
               LfPoint    n0,
               LfPoint    p3,
               LfPoint    n3,
               Route     *best,
               int        blocker,
               Route      prefix)
{
  const cairo_rectangle_t *b = &lf_pnode (self, (guint) blocker)->rect;
  double along = fabs (p3.x - p0.x) >= fabs (p3.y - p0.y) ? 1 : 0;
  LfPoint cands[2];

  if (along > 0)
    {
      cands[0] = (LfPoint) { b->x + b->width / 2, gap_middle (self, b, -1) };
      cands[1] = (LfPoint) { b->x + b->width / 2, gap_middle (self, b, +1) };
    }
  else
    {
      cands[0] = (LfPoint) { b->x - GAP_DEFAULT, b->y + b->height / 2 };
      cands[1] = (LfPoint) { b->x + b->width + GAP_DEFAULT, b->y + b->height / 2 };
    }
  for (guint c = 0; c < 2; c++)
    {
      Route r = prefix;
      int next;

      r.via[r.n_via++] = cands[c];
      if (r.n_via == 2)
        {
          /* keep the waypoints in the order of travel */
          double d0 = (r.via[0].x - p0.x) * (p3.x - p0.x) + (r.via[0].y - p0.y) * (p3.y - p0.y);
          double d1 = (r.via[1].x - p0.x) * (p3.x - p0.x) + (r.via[1].y - p0.y) * (p3.y - p0.y);
          if (d1 < d0)
            {
              LfPoint tmp = r.via[0];
              r.via[0] = r.via[1], r.via[1] = tmp;
            }
        }
      set_path (e, p0, n0, r.via, r.n_via, p3, n3);
      r.hits = count_hits (self, e, &next);
      r.length = e->length;
      if (route_better (&r, best))
        *best = r;
      if (r.hits > 0 && r.n_via < LF_MAX_SEGMENTS - 1 && next >= 0 && next != blocker)
        try_waypoints (self, e, p0, n0, p3, n3, best, next, r);
    }
}

/* The plain curve; else bent sideways in growing steps; else through the gaps next to
 * the cards in its way. The route through the fewest cards wins, then the shortest. */
static void
route_curve (LfPainter *self,
             LfPEdge   *e,
             LfPoint    n0,
             LfPoint    n3,
             double     reach)
{
  static const double steps[] = { 0, -1, 1, -2, 2 };
  double dx = e->p3.x - e->p0.x, dy = e->p3.y - e->p0.y, len = hypot (dx, dy);
  LfPoint perp = len > 1e-6 ? (LfPoint) { -dy / len, dx / len } : (LfPoint) { 0, -1 };
  LfPoint p0 = e->p0, p3 = e->p3;
  Route best = { G_MAXUINT, G_MAXDOUBLE, { { 0, 0 } }, 0, 0 };
  int blocker = -1;

  for (guint i = 0; i < G_N_ELEMENTS (steps) && best.hits > 0; i++)
    {
      Route r = { 0, 0, { { 0, 0 } }, 0, steps[i] * DETOUR_STEP };
      int first;
      set_curve (e, p0, n0, p3, n3, reach, perp, r.off);
      r.hits = count_hits (self, e, &first);
      r.length = e->length;
      if (i == 0)
        blocker = first;
      if (route_better (&r, &best))
        best = r;
    }
  if (best.hits > 0 && blocker >= 0)
    {
      Route none = { 0, 0, { { 0, 0 } }, 0, 0 };
      try_waypoints (self, e, p0, n0, p3, n3, &best, blocker, none);
    }
  if (best.n_via > 0)
    set_path (e, p0, n0, best.via, best.n_via, p3, n3);
  else
    set_curve (e, p0, n0, p3, n3, reach, perp, best.off);
}

static int
compare_port_ends (gconstpointer a,
                   gconstpointer b)
{
  const PortEnd *x = a, *y = b;

  if (x->key != y->key)
    return x->key < y->key ? -1 : 1;
  return x->edge - y->edge;
}

static double
port_key (const cairo_rectangle_t *other,
          Side                     side)
{
  LfPoint c = rect_center (other);
  return side == SIDE_LEFT || side == SIDE_RIGHT ? c.y : c.x;
}

/* Edges between two cards: pick sides, then spread each side's ends. */
static void
layout_node_edges (LfPainter *self)
{
  guint n_nodes = self->nodes->len;
  g_autofree GArray **ports = g_new0 (GArray *, MAX (n_nodes, 1) * N_SIDES);
  g_autofree Side *sides = g_new0 (Side, MAX (self->edges->len, 1) * 2);

  for (guint i = 0; i < self->edges->len; i++)
    {
      LfPEdge *e = lf_pedge (self, i);
      const cairo_rectangle_t *s, *t;
      PortEnd a, b;

      if (e->from < 0 || e->to < 0 || e->from == e->to)
        continue;
      s = &lf_pnode (self, e->from)->rect;
      t = &lf_pnode (self, e->to)->rect;
      choose_sides (s, t, &sides[2 * i], &sides[2 * i + 1]);
      a = (PortEnd) { (int) i, TRUE, port_key (t, sides[2 * i]) };
      b = (PortEnd) { (int) i, FALSE, port_key (s, sides[2 * i + 1]) };
      for (guint k = 0; k < 2; k++)
        {
          guint slot = (k == 0 ? (guint) e->from : (guint) e->to) * N_SIDES + sides[2 * i + k];
          if (ports[slot] == NULL)
            ports[slot] = g_array_new (FALSE, FALSE, sizeof (PortEnd));
          g_array_append_vals (ports[slot], k == 0 ? &a : &b, 1);
        }
    }
  for (guint slot = 0; slot < n_nodes * N_SIDES; slot++)
    {
      GArray *list = ports[slot];
      const cairo_rectangle_t *r;

      if (list == NULL)
        continue;
      g_array_sort (list, compare_port_ends);
      r = &lf_pnode (self, slot / N_SIDES)->rect;
      for (guint k = 0; k < list->len; k++)
        {
          PortEnd *pe = &g_array_index (list, PortEnd, k);
          LfPEdge *e = lf_pedge (self, (guint) pe->edge);
          LfPoint p = port_point (r, (Side) (slot % N_SIDES), k, list->len);
          if (pe->source)
            e->p0 = p;
          else
            e->p3 = p;
        }
      g_array_unref (list);
    }
  for (guint i = 0; i < self->edges->len; i++)
    {
      LfPEdge *e = lf_pedge (self, i);
      Side from = sides[2 * i], to = sides[2 * i + 1];

      if (e->from < 0 || e->to < 0 || e->from == e->to)
        continue;
      route_curve (self, e, side_normal[from], side_normal[to],
                   control_reach (e->p0, e->p3, from, to));
    }
}

/* An on-failure destination of a stream's ESM leaves from that edge's poller badge. */
static void
layout_edge_sourced (LfPainter *self)
{
  for (guint i = 0; i < self->edges->len; i++)
    {
      LfPEdge *e = lf_pedge (self, i), *src;
      const cairo_rectangle_t *t;
      LfPoint p0, p3, n0;
      Side side;
      double len;

      if (e->from_edge < 0 || e->to < 0)
        continue;
      src = lf_pedge (self, (guint) e->from_edge);
      if (!src->valid)
        continue;
      t = &lf_pnode (self, e->to)->rect;
      p0 = src->mid;
      if (p0.x < t->x - COLUMN_GAP)
        side = SIDE_LEFT;
      else if (p0.x > t->x + t->width + COLUMN_GAP)
        side = SIDE_RIGHT;
      else
        side = p0.y < t->y ? SIDE_TOP : SIDE_BOTTOM;
      p3 = port_point (t, side, 0, 1);
      len = MAX (hypot (p3.x - p0.x, p3.y - p0.y), 1);
      n0 = (LfPoint) { (p3.x - p0.x) / len, (p3.y - p0.y) / len };
      set_curve (e, p0, n0, p3, side_normal[side], CLAMP (len * 0.35, 18, 100), (LfPoint) { 0, 0 }, 0);
    }
}

void
_lf_painter_layout_edges (LfPainter *self)
{
  for (guint i = 0; i < self->edges->len; i++)
    lf_pedge (self, i)->valid = FALSE;
  layout_node_edges (self);
  layout_edge_sourced (self);
}

LfPoint
_lf_pedge_point_at (const LfPEdge *e,
                    double         fraction)
{
  double f = CLAMP (fraction, 0, 1) * LF_EDGE_SAMPLES;
  guint i = MIN ((guint) f, LF_EDGE_SAMPLES - 1);
  double u = f - i;

  return (LfPoint) { e->samples[i].x + u * (e->samples[i + 1].x - e->samples[i].x),
                     e->samples[i].y + u * (e->samples[i + 1].y - e->samples[i].y) };
}

/* Distance from a model point to the sampled curve. */
double
_lf_pedge_distance (const LfPEdge *e,
                    double         x,
                    double         y)
{
  double best = G_MAXDOUBLE;

  for (guint i = 0; i < LF_EDGE_SAMPLES; i++)
    {
      LfPoint a = e->samples[i], b = e->samples[i + 1];
      double dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy;
      double t = len2 > 0 ? CLAMP (((x - a.x) * dx + (y - a.y) * dy) / len2, 0, 1) : 0;
      best = MIN (best, hypot (a.x + t * dx - x, a.y + t * dy - y));
    }
  return best;
}

LfPoint
_lf_loop_center (const LfPNode *n)
{
  return (LfPoint) { n->rect.x + LF_ICON_LEFT + LF_ICON_SIZE / 2, n->rect.y + n->rect.height / 2 };
}

/* Clockwise around the icon, from the top right back to the top. */
LfPoint
_lf_loop_point (const LfPNode *n,
                double         fraction)
{
  LfPoint c = _lf_loop_center (n);
  double a = LF_LOOP_START + CLAMP (fraction, 0, 1) * (LF_LOOP_END - LF_LOOP_START);

  return (LfPoint) { c.x + LF_LOOP_RADIUS * cos (a), c.y + LF_LOOP_RADIUS * sin (a) };
}
