/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lf-canvas"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "lf-canvas-private.h"

/* The designer's half of LfCanvas: selection, gestures that edit the document, the port
 * and rubber-band overlays, the drop target for palette items and the popovers (rename,
 * which edge type). Every edit goes through LfScenario's editing calls inside one
 * LfHistory group per gesture (practice 14 in STYLE.md), so each is one undo step. */

#define PORT_RADIUS      6.0
#define PORT_HIT        11.0
#define CLICK_SLOP       3.0
#define PASTE_OFFSET    32.0

typedef enum {
  MODE_NONE,
  MODE_MOVE,
  MODE_CONNECT,
  MODE_BAND,
} Mode;

struct _LfCanvasEdit
{
  LfCanvas   *canvas;          /* borrowed: the canvas owns this */
  LfDocument *document;
  GPtrArray  *selection;       /* char*, nodes and edges */

  Mode        mode;
  double      start_x, start_y;
  double      x, y;
  GPtrArray  *move_ids;
  GArray     *move_origins;    /* double x, y per moved node */
  gboolean    moved;
  char       *from;
  char       *target;
  gboolean    target_ok;
  char       *hover;
  gboolean    snap;
  gboolean    syncing;
  gboolean    press_selected;  /* the press made the selection; a click does not toggle */
  guint       pastes;

  GtkWidget  *popover;
  GdkRectangle popover_at;
  GtkWidget  *menu;            /* the context menu (right click), made once */
};

enum {
  EDIT_REFUSED,
  EDIT_NOTE,
  SELECTION_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
edge_type_title (LfEdgeType type)
{
  switch (type)
    {
    case LF_EDGE_INVOKE: return _("Invoke");
    case LF_EDGE_INTEGRATION: return _("Integration");
    case LF_EDGE_NOTIFICATION: return _("Event notification");
    case LF_EDGE_SUBSCRIPTION: return _("Subscription");
    case LF_EDGE_RULE: return _("Rule");
    case LF_EDGE_EVENT_SOURCE_MAPPING: return _("Event source mapping");
    case LF_EDGE_DLQ: return _("Dead-letter queue");
    case LF_EDGE_ON_SUCCESS: return _("On-success destination");
    case LF_EDGE_ON_FAILURE: return _("On-failure destination");
    case LF_EDGE_REDRIVE: return _("Redrive to a dead-letter queue");
    case LF_EDGE_SENDS: return _("Sends messages (SDK call)");
    case LF_EDGE_UNKNOWN:
    case LF_N_EDGE_TYPES:
    default:
      return "";
    }
}

static const char *
edge_type_subtitle (LfEdgeType type)
{
  switch (type)
    {
    case LF_EDGE_DLQ: return _("Async events that exhausted their retries");
    case LF_EDGE_ON_SUCCESS: return _("An invocation record after success");
    case LF_EDGE_ON_FAILURE: return _("An invocation record after the last failure");
    case LF_EDGE_SENDS: return _("The function's code writes to it");
    case LF_EDGE_EVENT_SOURCE_MAPPING: return _("Lambda polls it in batches");
    default:
      return NULL;
    }
}

/* ---- plumbing ---------------------------------------------------------------------- */

static LfCanvasEdit *
get_edit (LfCanvas *self)
{
  return _lf_canvas_get_edit (self);
}

static LfScenario *
doc_scenario (LfCanvasEdit *edit)
{
  return edit->document ? lf_document_get_scenario (edit->document) : NULL;
}

static LfHistory *
doc_history (LfCanvasEdit *edit)
{
  return lf_document_get_history (edit->document);
}

static void
refuse (LfCanvas   *self,
        const char *message)
{
  g_debug ("refused: %s", message);
  g_signal_emit (self, signals[EDIT_REFUSED], 0, message);
}

static gboolean
is_node (LfCanvasEdit *edit,
         const char   *id)
{
  return lf_scenario_find_node (doc_scenario (edit), id) != NULL;
}

static double
snap_value (LfCanvasEdit *edit,
            double        v,
            gboolean      snap)
{
  return snap ? round (v / LF_CANVAS_GRID) * LF_CANVAS_GRID : round (v);
}

static gboolean
begin (LfCanvasEdit *edit,
       const char   *label)
{
  LfHistory *history = doc_history (edit);

  /* A gesture left open (a grab broken without an end) is closed first. */
  if (lf_history_in_group (history))
    lf_history_commit (history);

  return lf_history_begin (history, label, NULL);
}

/* ---- selection --------------------------------------------------------------------- */

static gboolean
selection_has (LfCanvasEdit *edit,
               const char   *id)
{
  for (guint i = 0; i < edit->selection->len; i++)
    if (g_str_equal (g_ptr_array_index (edit->selection, i), id))
      return TRUE;
  return FALSE;
}

static void
selection_changed (LfCanvas *self)
{
  LfCanvasEdit *edit = get_edit (self);
  LfSession *session = lf_canvas_get_session (self);

  g_signal_emit (self, signals[SELECTION_CHANGED], 0);

  if (session != NULL)
    {
      edit->syncing = TRUE;
      lf_session_set_selected (session,
                               edit->selection->len > 0
                               ? g_ptr_array_index (edit->selection, edit->selection->len - 1)
                               : NULL);
      edit->syncing = FALSE;
    }
  _lf_canvas_invalidate (self);
}

static void
selection_clear (LfCanvasEdit *edit)
{
  g_ptr_array_set_size (edit->selection, 0);
}

static void
selection_add (LfCanvasEdit *edit,
               const char   *id)
{
  if (id != NULL && !selection_has (edit, id))
    g_ptr_array_add (edit->selection, g_strdup (id));
}

static void
selection_remove (LfCanvasEdit *edit,
                  const char   *id)
{
  for (guint i = 0; i < edit->selection->len; i++)
    if (g_str_equal (g_ptr_array_index (edit->selection, i), id))
      {
        g_ptr_array_remove_index (edit->selection, i);
        return;
      }
}

/* Drops ids that no longer exist (after undo, delete, a restart). */
static void
selection_prune (LfCanvasEdit *edit)
{
  LfScenario *scenario = doc_scenario (edit);

  for (guint i = edit->selection->len; i-- > 0;)
    {
      const char *id = g_ptr_array_index (edit->selection, i);

      if (scenario == NULL ||
          (lf_scenario_find_node (scenario, id) == NULL && lf_scenario_find_edge (scenario, id) == NULL))
        g_ptr_array_remove_index (edit->selection, i);
    }
}

void
_lf_canvas_edit_session_selected (LfCanvas *self)
{
  LfCanvasEdit *edit = get_edit (self);
  LfSession *session = lf_canvas_get_session (self);
  const char *selected = session ? lf_session_get_selected (session) : NULL;

  if (edit->syncing)
    return;

  /* Selected elsewhere (the log, a walkthrough): that one alone. */
  if (selected == NULL)
    selection_clear (edit);
  else if (!selection_has (edit, selected))
    {
      selection_clear (edit);
      selection_add (edit, selected);
    }
  g_signal_emit (self, signals[SELECTION_CHANGED], 0);
}

GStrv
lf_canvas_dup_selection (LfCanvas *self)
{
  LfCanvasEdit *edit;
  GStrvBuilder *builder;
  GStrv ids;

  g_return_val_if_fail (LF_IS_CANVAS (self), NULL);

  edit = get_edit (self);
  builder = g_strv_builder_new ();
  for (guint i = 0; i < edit->selection->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (edit->selection, i));
  ids = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return ids;
}

void
lf_canvas_set_selection (LfCanvas           *self,
                         const char * const *ids)
{
  LfCanvasEdit *edit;

  g_return_if_fail (LF_IS_CANVAS (self));

  edit = get_edit (self);
  selection_clear (edit);
  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    selection_add (edit, ids[i]);
  selection_changed (self);
}

void
lf_canvas_select_all (LfCanvas *self)
{
  LfCanvasEdit *edit;
  LfScenario *scenario;
  GPtrArray *nodes;

  g_return_if_fail (LF_IS_CANVAS (self));

  edit = get_edit (self);
  scenario = doc_scenario (edit) ? doc_scenario (edit) : lf_painter_get_scenario (lf_canvas_get_painter (self));
  if (scenario == NULL)
    return;
  nodes = lf_scenario_get_nodes (scenario);
  selection_clear (edit);
  for (guint i = 0; i < nodes->len; i++)
    selection_add (edit, ((LfNode *) g_ptr_array_index (nodes, i))->id);
  selection_changed (self);
}

/* ---- the document ------------------------------------------------------------------ */

static void
document_changed_cb (LfCanvas      *self,
                     LfChangeFlags  flags)
{
  LfCanvasEdit *edit = get_edit (self);

  lf_painter_invalidate (lf_canvas_get_painter (self));
  if (flags & LF_CHANGE_STRUCTURE)
    {
      guint before = edit->selection->len;

      selection_prune (edit);
      if (edit->selection->len != before)
        selection_changed (self);
    }
  _lf_canvas_invalidate (self);
}

gboolean
_lf_canvas_edit_owns_scenario (LfCanvas *self)
{
  return get_edit (self)->document != NULL;
}

void
lf_canvas_set_document (LfCanvas   *self,
                        LfDocument *document)
{
  LfCanvasEdit *edit;

  g_return_if_fail (LF_IS_CANVAS (self));
  g_return_if_fail (document == NULL || LF_IS_DOCUMENT (document));

  edit = get_edit (self);
  if (edit->document == document)
    return;

  if (edit->document != NULL)
    g_signal_handlers_disconnect_by_data (lf_document_get_scenario (edit->document), self);
  g_set_object (&edit->document, document);
  selection_clear (edit);
  edit->pastes = 0;
  if (document != NULL)
    {
      g_signal_connect_swapped (lf_document_get_scenario (document), "changed",
                                G_CALLBACK (document_changed_cb), self);
      lf_painter_set_scenario (lf_canvas_get_painter (self), lf_document_get_scenario (document));
    }
  else
    {
      LfSession *session = lf_canvas_get_session (self);

      lf_painter_set_scenario (lf_canvas_get_painter (self),
                               session ? lf_session_get_scenario (session) : NULL);
    }
  lf_canvas_fit (self);
}

LfDocument *
lf_canvas_get_document (LfCanvas *self)
{
  g_return_val_if_fail (LF_IS_CANVAS (self), NULL);

  return get_edit (self)->document;
}

void
lf_canvas_set_snap_to_grid (LfCanvas *self,
                            gboolean  snap)
{
  g_return_if_fail (LF_IS_CANVAS (self));

  get_edit (self)->snap = snap;
}

/* ---- geometry ---------------------------------------------------------------------- */

/* A point of a node's card, as fractions of its width and height, in widget coordinates. */
static gboolean
node_point (LfCanvas   *self,
            const char *id,
            double      fx,
            double      fy,
            double     *x,
            double     *y)
{
  cairo_rectangle_t rect;

  g_return_val_if_fail (LF_IS_CANVAS (self), FALSE);

  if (!lf_painter_get_node_rect (lf_canvas_get_painter (self), id, &rect))
    return FALSE;
  *x = rect.x + rect.width * fx;
  *y = rect.y + rect.height * fy;
  return TRUE;
}

gboolean
lf_canvas_get_node_center (LfCanvas   *self,
                           const char *id,
                           double     *x,
                           double     *y)
{
  return node_point (self, id, 0.5, 0.5, x, y);
}

/* The port: the middle of the card's right edge. */
gboolean
lf_canvas_get_port (LfCanvas   *self,
                    const char *id,
                    double     *x,
                    double     *y)
{
  return node_point (self, id, 1.0, 0.5, x, y);
}

/* The node whose port is under (x, y): the hovered or a selected one first. */
static const char *
port_at (LfCanvas *self,
         double    x,
         double    y)
{
  LfCanvasEdit *edit = get_edit (self);
  GPtrArray *nodes = lf_scenario_get_nodes (doc_scenario (edit));

  for (guint i = nodes->len; i-- > 0;)
    {
      LfNode *node = g_ptr_array_index (nodes, i);
      double px, py;

      if (lf_canvas_get_port (self, node->id, &px, &py) &&
          hypot (x - px, y - py) <= PORT_HIT)
        return node->id;
    }
  return NULL;
}

/* ---- adding, connecting, deleting -------------------------------------------------- */

static void
add_item (LfScenario *scenario,
          gboolean    fault,
          const char *id_suffix,
          const char *target,
          const char *key,
          const char *value,
          double      probability)
{
  g_autofree char *prefix = g_strdup_printf ("%s-%s", target, id_suffix);
  g_autofree char *id = lf_scenario_unique_id (scenario, prefix);
  g_autoptr(JsonObject) item = json_object_new ();

  json_object_set_string_member (item, "id", id);
  json_object_set_string_member (item, "target", target);
  json_object_set_string_member (item, key, value);
  if (fault)
    {
      json_object_set_double_member (item, "probability", probability);
      lf_scenario_add_fault (scenario, item, NULL);
    }
  else
    lf_scenario_add_workload_item (scenario, item, NULL);
}

/* What a new node comes with, so that a design runs and can be broken from the first play:
 * a source that starts a flow sends 1 event a second (the inspector's Traffic changes it);
 * a function gets its own role with the basic execution policy (Composer does the same,
 * and connections then add to it, visibly) and error, timeout and throttle faults at 0 %
 * for the fault sliders. SQS queues get no traffic: they are as often a DLQ. */
static void
add_node_defaults (LfScenario *scenario,
                   const char *id,
                   LfNodeType  type)
{
  switch (type)
    {
    case LF_NODE_LAMBDA_FUNCTION:
      {
        static const char *basic[] = { "AWSLambdaBasicExecutionRole", NULL };
        g_autofree char *prefix = g_strdup_printf ("%s-role", id);
        g_autofree char *role = lf_scenario_unique_id (scenario, prefix);
        g_autofree char *role_json = g_strdup_printf ("\"%s\"", role);
        g_autofree char *path = g_strdup_printf ("%s.role", id);

        if (lf_scenario_add_role (scenario, role, basic) != NULL)
          lf_scenario_set (scenario, path, role_json, NULL);
        add_item (scenario, TRUE, "errors", id, "kind", "error", 0.0);
        add_item (scenario, TRUE, "timeouts", id, "kind", "timeout", 0.0);
        add_item (scenario, TRUE, "throttles", id, "kind", "throttle", 0.0);
      }
      break;

    case LF_NODE_CLIENT:
    case LF_NODE_API_GATEWAY:
    case LF_NODE_ALB:
    case LF_NODE_S3_BUCKET:
    case LF_NODE_SNS_TOPIC:
    case LF_NODE_EVENTBRIDGE_BUS:
    case LF_NODE_KINESIS_STREAM:
    case LF_NODE_DYNAMODB_TABLE:
      add_item (scenario, FALSE, "traffic", id, "rate", "1/s", 0);
      break;

    case LF_NODE_SQS_QUEUE:
    case LF_NODE_UNKNOWN:
    default:
      break;
    }
}

char *
lf_canvas_add_node (LfCanvas             *self,
                    const LfNodeTemplate *template,
                    double                x,
                    double                y)
{
  LfCanvasEdit *edit;
  LfPainter *painter;
  LfScenario *scenario;
  g_autofree char *id = NULL;
  g_autofree char *label = NULL;
  double scale;

  g_return_val_if_fail (LF_IS_CANVAS (self), NULL);
  g_return_val_if_fail (template != NULL, NULL);

  edit = get_edit (self);
  if ((scenario = doc_scenario (edit)) == NULL)
    return NULL;
  painter = lf_canvas_get_painter (self);
  _lf_canvas_freeze_view (self);

  if (isnan (x) || isnan (y))
    {
      x = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
      y = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
      /* Several added in the middle do not hide each other. */
      lf_painter_get_view (painter, &scale, NULL, NULL);
      x += (edit->pastes % 6) * PASTE_OFFSET * scale;
      y += (edit->pastes % 6) * PASTE_OFFSET * scale;
      edit->pastes++;
    }
  lf_painter_view_to_model (painter, &x, &y);
  x = snap_value (edit, x - LF_PAINTER_NODE_WIDTH / 2, edit->snap);
  y = snap_value (edit, y - LF_PAINTER_NODE_HEIGHT / 2, edit->snap);

  id = lf_scenario_unique_id (scenario, lf_node_template_get_id_prefix (template));
  label = g_strdup_printf (_("Add %s"), lf_node_template_get_title (template));
  if (!begin (edit, label))
    return NULL;
  lf_scenario_add_node (scenario, id, template->type, x, y);
  if (template->fifo)
    {
      g_autofree char *path = g_strdup_printf ("%s.fifo", id);

      lf_scenario_set (scenario, path, "true", NULL);
    }
  add_node_defaults (scenario, id, template->type);
  lf_history_commit (doc_history (edit));

  selection_clear (edit);
  selection_add (edit, id);
  selection_changed (self);
  gtk_widget_grab_focus (GTK_WIDGET (self));

  return g_steal_pointer (&id);
}

/* What a named role grants, one "policy NAME" or "allow ACTION RESOURCE" per entry. */
static GPtrArray *
role_grants (LfScenario *scenario,
             const char *node_id)
{
  GPtrArray *grants = g_ptr_array_new_with_free_func (g_free);
  LfNode *node = lf_scenario_find_node (scenario, node_id);
  const char *role_id = node ? lf_props_get_string (node->props, "role", NULL) : NULL;
  LfRole *role = role_id ? lf_scenario_find_role (scenario, role_id) : NULL;

  for (guint i = 0; role != NULL && role->managed_policies && role->managed_policies[i]; i++)
    g_ptr_array_add (grants, g_strdup (role->managed_policies[i]));
  for (guint i = 0; role != NULL && role->allow != NULL && i < role->allow->len; i++)
    {
      LfAllow *allow = g_ptr_array_index (role->allow, i);

      g_ptr_array_add (grants, g_strdup_printf (_("%s on %s"), allow->action, allow->resource));
    }
  return grants;
}

static gboolean
grants_contain (GPtrArray  *grants,
                const char *grant)
{
  for (guint i = 0; i < grants->len; i++)
    if (g_str_equal (g_ptr_array_index (grants, i), grant))
      return TRUE;
  return FALSE;
}

/* The function an edge is written with: the end that is a function (the source end for a
 * write, the target for a mapping). */
static const char *
edge_function (LfScenario *scenario,
               const char *from_id,
               const char *to_id)
{
  LfNode *from = lf_scenario_find_node (scenario, from_id);
  LfEdge *esm = from ? NULL : lf_scenario_find_edge (scenario, from_id);

  if (from != NULL && from->type == LF_NODE_LAMBDA_FUNCTION)
    return from_id;
  if (esm != NULL)
    return esm->to;
  return to_id;
}

static gboolean
connect_typed (LfCanvas   *self,
               const char *from_id,
               const char *to_id,
               LfEdgeType  type)
{
  LfCanvasEdit *edit = get_edit (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *label = g_strdup_printf (_("Connect %s"), edge_type_title (type));
  LfEdge *edge;

  g_autofree char *function = g_strdup (edge_function (doc_scenario (edit), from_id, to_id));
  g_autoptr(GPtrArray) before = role_grants (doc_scenario (edit), function);
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GString) added = g_string_new (NULL);

  if (!begin (edit, label))
    return FALSE;
  edge = lf_scenario_connect (doc_scenario (edit), from_id, to_id, type, &error);
  if (edge == NULL)
    {
      lf_history_rollback (doc_history (edit));
      refuse (self, error->message);
      return FALSE;
    }
  selection_clear (edit);
  selection_add (edit, edge->id);
  lf_history_commit (doc_history (edit));
  selection_changed (self);

  /* Like Composer, the connection wrote the role what it needs: say so (undo takes both) */
  after = role_grants (doc_scenario (edit), function);
  for (guint i = 0; i < after->len; i++)
    if (!grants_contain (before, g_ptr_array_index (after, i)))
      g_string_append_printf (added, "%s%s", added->len ? ", " : "", (char *) g_ptr_array_index (after, i));
  if (added->len > 0)
    {
      LfNode *node = lf_scenario_find_node (doc_scenario (edit), function);
      g_autofree char *note = g_strdup_printf (_("Role “%s” now grants %s"),
                                               lf_props_get_string (node->props, "role", ""), added->str);

      g_signal_emit (self, signals[EDIT_NOTE], 0, note);
    }
  return TRUE;
}

static gboolean
unparent_idle_cb (gpointer data)
{
  GtkWidget *popover = data;

  if (gtk_widget_get_parent (popover) != NULL)
    gtk_widget_unparent (popover);
  g_object_unref (popover);
  return G_SOURCE_REMOVE;
}

static void
popover_closed_cb (LfCanvas *self)
{
  LfCanvasEdit *edit = get_edit (self);

  /* Unparented after it has closed; not while GTK is still in its signal. */
  if (edit->popover != NULL)
    {
      GtkWidget *popover = g_steal_pointer (&edit->popover);

      g_signal_handlers_disconnect_by_data (popover, self);
      g_idle_add (unparent_idle_cb, g_object_ref (popover));
    }
}

static GtkWidget *
popover_new (LfCanvas   *self,
             const char *at_node,
             GtkWidget  *child)
{
  LfCanvasEdit *edit = get_edit (self);
  GtkWidget *popover = gtk_popover_new ();
  cairo_rectangle_t rect;

  if (edit->popover != NULL)
    {
      GtkWidget *old = g_steal_pointer (&edit->popover);

      g_signal_handlers_disconnect_by_data (old, self);
      gtk_widget_unparent (old);
    }

  gtk_popover_set_child (GTK_POPOVER (popover), child);
  gtk_widget_set_parent (popover, GTK_WIDGET (self));
  if (at_node != NULL && lf_painter_get_node_rect (lf_canvas_get_painter (self), at_node, &rect))
    edit->popover_at = (GdkRectangle) { (int) rect.x, (int) rect.y, (int) rect.width, (int) rect.height };
  else
    edit->popover_at = (GdkRectangle) { (int) edit->x, (int) edit->y, 1, 1 };
  gtk_popover_set_pointing_to (GTK_POPOVER (popover), &edit->popover_at);
  g_signal_connect_swapped (popover, "closed", G_CALLBACK (popover_closed_cb), self);
  edit->popover = popover;
  return popover;
}

GtkWidget *
lf_canvas_get_popover (LfCanvas *self)
{
  g_return_val_if_fail (LF_IS_CANVAS (self), NULL);

  return get_edit (self)->popover;
}

static void
type_button_clicked_cb (GtkButton *button,
                        LfCanvas  *self)
{
  LfCanvasEdit *edit = get_edit (self);
  LfEdgeType type = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "lf-edge-type"));
  g_autofree char *from = g_strdup (g_object_get_data (G_OBJECT (button), "lf-from"));
  g_autofree char *to = g_strdup (g_object_get_data (G_OBJECT (button), "lf-to"));

  if (edit->popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (edit->popover));
  connect_typed (self, from, to, type);
}

/* One way to connect: an edge type from a node, or (on_failure) from an event source
 * mapping edge into the node the user dragged from. */
typedef struct
{
  char       *from;
  LfEdgeType  type;
  char       *title;
  char       *subtitle;
} Option;

static void
option_free (Option *option)
{
  g_free (option->from);
  g_free (option->title);
  g_free (option->subtitle);
  g_free (option);
}

static void
ask_edge_type (LfCanvas   *self,
               const char *to_id,
               GPtrArray  *options)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *heading = gtk_label_new (_("Connect as"));
  GtkWidget *popover;

  gtk_widget_add_css_class (heading, "heading");
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_set_margin_start (heading, 6);
  gtk_widget_set_margin_bottom (heading, 4);
  gtk_box_append (GTK_BOX (box), heading);

  for (guint i = 0; i < options->len; i++)
    {
      Option *option = g_ptr_array_index (options, i);
      GtkWidget *button = gtk_button_new ();
      GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      GtkWidget *title = gtk_label_new (option->title);

      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_box_append (GTK_BOX (texts), title);
      if (option->subtitle != NULL)
        {
          GtkWidget *sub = gtk_label_new (option->subtitle);

          gtk_label_set_xalign (GTK_LABEL (sub), 0);
          gtk_widget_add_css_class (sub, "dim-label");
          gtk_widget_add_css_class (sub, "caption");
          gtk_box_append (GTK_BOX (texts), sub);
        }
      gtk_button_set_child (GTK_BUTTON (button), texts);
      gtk_widget_add_css_class (button, "flat");
      g_object_set_data (G_OBJECT (button), "lf-edge-type", GINT_TO_POINTER (option->type));
      g_object_set_data_full (G_OBJECT (button), "lf-from", g_strdup (option->from), g_free);
      g_object_set_data_full (G_OBJECT (button), "lf-to", g_strdup (to_id), g_free);
      g_object_set_data_full (G_OBJECT (button), "lf-edge-name",
                              g_strdup (lf_edge_type_to_string (option->type)), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (type_button_clicked_cb), self);
      gtk_box_append (GTK_BOX (box), button);
    }

  popover = popover_new (self, to_id, box);
  gtk_popover_popup (GTK_POPOVER (popover));
}

gboolean
lf_canvas_connect (LfCanvas   *self,
                   const char *from_id,
                   const char *to_id)
{
  LfCanvasEdit *edit;
  LfScenario *scenario;
  g_autoptr(GArray) types = NULL;
  g_autoptr(GPtrArray) options = g_ptr_array_new_with_free_func ((GDestroyNotify) option_free);
  g_autofree char *why = NULL;
  GPtrArray *edges;

  g_return_val_if_fail (LF_IS_CANVAS (self), FALSE);

  edit = get_edit (self);
  if ((scenario = doc_scenario (edit)) == NULL || from_id == NULL || to_id == NULL)
    return FALSE;

  types = lf_scenario_edge_types_between (scenario, from_id, to_id, &why);
  for (guint i = 0; types != NULL && i < types->len; i++)
    {
      Option *option = g_new0 (Option, 1);
      LfEdgeType type = g_array_index (types, LfEdgeType, i);

      option->from = g_strdup (from_id);
      option->type = type;
      option->title = g_strdup (edge_type_title (type));
      option->subtitle = g_strdup (edge_type_subtitle (type));
      g_ptr_array_add (options, option);
    }

  /* A stream mapping into this function may send its failed batches there (KIN-8): the
   * destination hangs off the mapping, so it is offered from the function too. */
  edges = lf_scenario_get_edges (scenario);
  for (guint i = 0; i < edges->len; i++)
    {
      LfEdge *edge = g_ptr_array_index (edges, i);
      g_autoptr(GArray) esm_types = NULL;

      if (edge->type != LF_EDGE_EVENT_SOURCE_MAPPING || g_strcmp0 (edge->to, from_id) != 0)
        continue;
      esm_types = lf_scenario_edge_types_between (scenario, edge->id, to_id, NULL);
      for (guint j = 0; esm_types != NULL && j < esm_types->len; j++)
        if (g_array_index (esm_types, LfEdgeType, j) == LF_EDGE_ON_FAILURE)
          {
            Option *option = g_new0 (Option, 1);

            option->from = g_strdup (edge->id);
            option->type = LF_EDGE_ON_FAILURE;
            option->title = g_strdup_printf (_("On-failure destination of mapping “%s”"), edge->id);
            option->subtitle = g_strdup_printf (_("Records of batches from %s that failed"), edge->from);
            g_ptr_array_add (options, option);
          }
    }

  if (options->len == 0)
    {
      refuse (self, why ? why : _("These two cannot be connected"));
      return FALSE;
    }
  if (options->len == 1)
    {
      Option *option = g_ptr_array_index (options, 0);

      return connect_typed (self, option->from, to_id, option->type);
    }

  ask_edge_type (self, to_id, options);
  return TRUE;
}

static gboolean
role_in_use (LfScenario *scenario,
             const char *role)
{
  GPtrArray *nodes = lf_scenario_get_nodes (scenario);

  for (guint i = 0; i < nodes->len; i++)
    if (g_strcmp0 (lf_props_get_string (((LfNode *) g_ptr_array_index (nodes, i))->props, "role", NULL), role) == 0)
      return TRUE;
  return FALSE;
}

gboolean
lf_canvas_delete_selection (LfCanvas *self)
{
  LfCanvasEdit *edit;
  LfScenario *scenario;
  g_auto(GStrv) ids = NULL;
  gboolean changed;

  g_return_val_if_fail (LF_IS_CANVAS (self), FALSE);

  edit = get_edit (self);
  if ((scenario = doc_scenario (edit)) == NULL || edit->selection->len == 0)
    return FALSE;

  ids = lf_canvas_dup_selection (self);
  if (!begin (edit, ids[1] == NULL ? _("Delete") : _("Delete Selection")))
    return FALSE;
  for (guint i = 0; ids[i] != NULL; i++)
    {
      LfNode *node = lf_scenario_find_node (scenario, ids[i]);
      g_autofree char *role = node && node->type == LF_NODE_LAMBDA_FUNCTION
                              ? g_strdup (lf_props_get_string (node->props, "role", NULL)) : NULL;

      if (!lf_scenario_remove_node (scenario, ids[i]))
        lf_scenario_remove_edge (scenario, ids[i]);   /* an edge, or already gone with a node */
      else if (role != NULL && !role_in_use (scenario, role))
        {
          g_autofree char *own = g_strdup_printf ("%s-role", ids[i]);

          /* The role the designer made for it goes with it (a shared or named one stays) */
          if (g_str_has_prefix (role, own))
            lf_scenario_remove_role (scenario, role);
        }
    }
  changed = lf_history_commit (doc_history (edit));

  selection_clear (edit);
  selection_changed (self);
  return changed;
}

char *
lf_canvas_copy_selection (LfCanvas *self)
{
  LfCanvasEdit *edit;
  g_autoptr(GPtrArray) nodes = g_ptr_array_new ();

  g_return_val_if_fail (LF_IS_CANVAS (self), NULL);

  edit = get_edit (self);
  if (doc_scenario (edit) == NULL)
    return NULL;
  for (guint i = 0; i < edit->selection->len; i++)
    if (is_node (edit, g_ptr_array_index (edit->selection, i)))
      g_ptr_array_add (nodes, g_ptr_array_index (edit->selection, i));
  if (nodes->len == 0)
    return NULL;
  g_ptr_array_add (nodes, NULL);

  return lf_scenario_copy (doc_scenario (edit), (const char * const *) nodes->pdata);
}

gboolean
lf_canvas_paste (LfCanvas    *self,
                 const char  *data,
                 GError     **error)
{
  LfCanvasEdit *edit;
  g_auto(GStrv) new_ids = NULL;
  double offset;

  g_return_val_if_fail (LF_IS_CANVAS (self), FALSE);
  g_return_val_if_fail (data != NULL, FALSE);

  edit = get_edit (self);
  if (doc_scenario (edit) == NULL)
    return FALSE;

  _lf_canvas_freeze_view (self);
  edit->pastes++;
  offset = PASTE_OFFSET * (1 + (edit->pastes - 1) % 8);
  if (!begin (edit, _("Paste")))
    return FALSE;
  if (!lf_scenario_paste (doc_scenario (edit), data, strlen (data), offset, offset, &new_ids, error))
    {
      lf_history_rollback (doc_history (edit));
      return FALSE;
    }
  lf_history_commit (doc_history (edit));

  selection_clear (edit);
  for (guint i = 0; new_ids != NULL && new_ids[i] != NULL; i++)
    selection_add (edit, new_ids[i]);
  selection_changed (self);
  return TRUE;
}

gboolean
lf_canvas_duplicate_selection (LfCanvas *self)
{
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (LF_IS_CANVAS (self), FALSE);

  if ((data = lf_canvas_copy_selection (self)) == NULL)
    return FALSE;
  if (!lf_canvas_paste (self, data, &error))
    {
      refuse (self, error->message);
      return FALSE;
    }
  return TRUE;
}

void
lf_canvas_copy_to_clipboard (LfCanvas *self,
                             gboolean  cut)
{
  g_autofree char *data = NULL;

  g_return_if_fail (LF_IS_CANVAS (self));

  if ((data = lf_canvas_copy_selection (self)) == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), data);
  get_edit (self)->pastes = 0;
  if (cut)
    lf_canvas_delete_selection (self);
}

static void
clipboard_text_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(LfCanvas) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);

  if (text == NULL)
    return;
  if (!g_str_has_prefix (g_strchug (text), "{"))
    return;   /* not ours: plain text pasted on the canvas is ignored */
  if (!lf_canvas_paste (self, text, &error) && error != NULL)
    refuse (self, error->message);
}

void
lf_canvas_paste_from_clipboard (LfCanvas *self)
{
  g_return_if_fail (LF_IS_CANVAS (self));

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (self)), NULL,
                                 clipboard_text_cb, g_object_ref (self));
}

gboolean
lf_canvas_align_to_grid (LfCanvas *self)
{
  LfCanvasEdit *edit;
  LfScenario *scenario;
  GPtrArray *nodes;

  g_return_val_if_fail (LF_IS_CANVAS (self), FALSE);

  edit = get_edit (self);
  if ((scenario = doc_scenario (edit)) == NULL || !begin (edit, _("Align to Grid")))
    return FALSE;
  nodes = lf_scenario_get_nodes (scenario);
  for (guint i = 0; i < nodes->len; i++)
    {
      LfNode *node = g_ptr_array_index (nodes, i);
      double x = snap_value (edit, node->x, TRUE), y = snap_value (edit, node->y, TRUE);

      if ((edit->selection->len == 0 || selection_has (edit, node->id)) && (x != node->x || y != node->y))
        lf_scenario_move_node (scenario, node->id, x, y);
    }
  return lf_history_commit (doc_history (edit));
}

/* ---- rename ------------------------------------------------------------------------ */

static gboolean
valid_id (const char *text)
{
  gsize n = strlen (text);

  if (n == 0 || n > 64)
    return FALSE;
  for (const char *p = text; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-')
      return FALSE;
  return TRUE;
}

gboolean
lf_canvas_rename_node (LfCanvas    *self,
                       const char  *id,
                       const char  *text,
                       GError     **error)
{
  LfCanvasEdit *edit;
  LfScenario *scenario;
  g_autofree char *name = NULL;
  g_autofree char *old_id = g_strdup (id);
  LfNode *node;

  g_return_val_if_fail (LF_IS_CANVAS (self), FALSE);

  edit = get_edit (self);
  if ((scenario = doc_scenario (edit)) == NULL || (node = lf_scenario_find_node (scenario, id)) == NULL)
    return FALSE;

  name = g_strstrip (g_strdup (text ? text : ""));
  if (!begin (edit, _("Rename")))
    return FALSE;
  if (*name == '\0')
    lf_scenario_set_label (scenario, id, NULL);
  else if (valid_id (name) && !g_str_equal (name, id) &&
           lf_scenario_find_node (scenario, name) == NULL &&
           lf_scenario_find_edge (scenario, name) == NULL &&
           lf_scenario_find_role (scenario, name) == NULL)
    {
      if (!lf_scenario_rename_id (scenario, id, name, error))
        {
          lf_history_rollback (doc_history (edit));
          return FALSE;
        }
      lf_scenario_set_label (scenario, name, NULL);
      selection_remove (edit, old_id);
      selection_add (edit, name);
    }
  else if (!g_str_equal (name, id))
    lf_scenario_set_label (scenario, id, name);
  else
    lf_scenario_set_label (scenario, id, NULL);
  lf_history_commit (doc_history (edit));
  selection_changed (self);
  return TRUE;
}

static void
rename_entry_activate_cb (GtkEntry *entry,
                          LfCanvas *self)
{
  LfCanvasEdit *edit = get_edit (self);
  g_autofree char *id = g_strdup (g_object_get_data (G_OBJECT (entry), "lf-node"));
  g_autoptr(GError) error = NULL;

  if (!lf_canvas_rename_node (self, id, gtk_editable_get_text (GTK_EDITABLE (entry)), &error) &&
      error != NULL)
    refuse (self, error->message);
  if (edit->popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (edit->popover));
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

void
lf_canvas_rename (LfCanvas   *self,
                  const char *id)
{
  LfCanvasEdit *edit;
  LfNode *node;
  GtkWidget *box, *entry, *hint, *popover;

  g_return_if_fail (LF_IS_CANVAS (self));

  edit = get_edit (self);
  if (id == NULL && edit->selection->len > 0)
    id = g_ptr_array_index (edit->selection, edit->selection->len - 1);
  if (doc_scenario (edit) == NULL || id == NULL ||
      (node = lf_scenario_find_node (doc_scenario (edit), id)) == NULL)
    return;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  entry = gtk_entry_new ();
  hint = gtk_label_new (_("A name of letters, digits, - and _ also renames the id"));
  gtk_editable_set_text (GTK_EDITABLE (entry), node->label && *node->label ? node->label : node->id);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), FALSE);
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), 24);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Name"), -1);
  g_object_set_data_full (G_OBJECT (entry), "lf-node", g_strdup (node->id), g_free);
  g_signal_connect (entry, "activate", G_CALLBACK (rename_entry_activate_cb), self);
  gtk_widget_add_css_class (hint, "dim-label");
  gtk_widget_add_css_class (hint, "caption");
  gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (hint), 30);
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), hint);

  popover = popover_new (self, node->id, box);
  gtk_popover_popup (GTK_POPOVER (popover));
  gtk_widget_grab_focus (entry);
}

/* ---- gestures ---------------------------------------------------------------------- */

gboolean
_lf_canvas_edit_press (LfCanvas *self,
                       int       n_press,
                       double    x,
                       double    y)
{
  LfCanvasEdit *edit = get_edit (self);
  const char *id;

  if (edit->document == NULL)
    return FALSE;

  if (n_press == 2 && (id = lf_painter_node_at (lf_canvas_get_painter (self), x, y)) != NULL)
    lf_canvas_rename (self, id);

  /* Selection is the drag gesture's (it begins on the same press). */
  return TRUE;
}

gboolean
_lf_canvas_edit_drag_begin (LfCanvas        *self,
                            double           x,
                            double           y,
                            GdkModifierType  state)
{
  LfCanvasEdit *edit = get_edit (self);
  gboolean extend = (state & (GDK_SHIFT_MASK | GDK_CONTROL_MASK)) != 0;
  LfScenario *scenario = doc_scenario (edit);
  const char *id;

  if (scenario == NULL)
    return FALSE;

  _lf_canvas_freeze_view (self);
  edit->start_x = edit->x = x;
  edit->start_y = edit->y = y;
  edit->moved = FALSE;
  edit->press_selected = FALSE;
  edit->mode = MODE_NONE;

  /* A travelling token selects its message (the log shows its lineage); drawn over the
   * port it is leaving, it wins over it */
  {
    LfSession *session = lf_canvas_get_session (self);
    guint32 msg = session ? lf_painter_token_at (lf_canvas_get_painter (self), lf_session_get_visual (session),
                                                 x, y, 4.0) : 0;

    if (msg != 0)
      {
        lf_session_set_selected_message (session, msg);
        return TRUE;
      }
  }

  if ((id = port_at (self, x, y)) != NULL)
    {
      g_free (edit->from);
      edit->from = g_strdup (id);
      g_clear_pointer (&edit->target, g_free);
      edit->mode = MODE_CONNECT;
      return TRUE;
    }

  if ((id = lf_painter_node_at (lf_canvas_get_painter (self), x, y)) != NULL)
    {
      if (!selection_has (edit, id))
        {
          if (!extend)
            selection_clear (edit);
          selection_add (edit, id);
          edit->press_selected = TRUE;
          selection_changed (self);
        }
      else
        {
          /* The pressed node becomes the primary one (the inspector shows it). */
          selection_remove (edit, id);
          selection_add (edit, id);
          selection_changed (self);
        }

      g_ptr_array_set_size (edit->move_ids, 0);
      g_array_set_size (edit->move_origins, 0);
      for (guint i = 0; i < edit->selection->len; i++)
        {
          LfNode *node = lf_scenario_find_node (scenario, g_ptr_array_index (edit->selection, i));

          if (node == NULL)
            continue;
          g_ptr_array_add (edit->move_ids, g_strdup (node->id));
          g_array_append_val (edit->move_origins, node->x);
          g_array_append_val (edit->move_origins, node->y);
        }
      edit->mode = MODE_MOVE;
      return TRUE;
    }

  if ((id = lf_painter_edge_at (lf_canvas_get_painter (self), x, y, 6.0)) != NULL)
    {
      if (!extend)
        selection_clear (edit);
      if (extend && selection_has (edit, id))
        selection_remove (edit, id);
      else
        selection_add (edit, id);
      selection_changed (self);
      return TRUE;
    }

  if (extend)
    {
      edit->mode = MODE_BAND;
      return TRUE;
    }

  return FALSE;   /* the view pans */
}

static void
band_rect (LfCanvasEdit      *edit,
           cairo_rectangle_t *rect)
{
  rect->x = MIN (edit->start_x, edit->x);
  rect->y = MIN (edit->start_y, edit->y);
  rect->width = fabs (edit->x - edit->start_x);
  rect->height = fabs (edit->y - edit->start_y);
}

gboolean
_lf_canvas_edit_drag_update (LfCanvas        *self,
                             double           x,
                             double           y,
                             GdkModifierType  state)
{
  LfCanvasEdit *edit = get_edit (self);
  LfScenario *scenario = doc_scenario (edit);

  if (scenario == NULL || edit->mode == MODE_NONE)
    return edit->document != NULL && edit->mode != MODE_NONE;

  edit->x = x;
  edit->y = y;

  switch (edit->mode)
    {
    case MODE_MOVE:
      {
        double scale, dx, dy;
        gboolean snap = edit->snap && (state & GDK_ALT_MASK) == 0;

        if (!edit->moved && hypot (x - edit->start_x, y - edit->start_y) < CLICK_SLOP)
          return TRUE;
        if (!edit->moved)
          {
            g_autofree char *label = g_strdup (edit->move_ids->len > 1 ? _("Move Selection") : _("Move"));

            if (!begin (edit, label))
              return TRUE;
            edit->moved = TRUE;
          }
        lf_painter_get_view (lf_canvas_get_painter (self), &scale, NULL, NULL);
        dx = (x - edit->start_x) / scale;
        dy = (y - edit->start_y) / scale;
        for (guint i = 0; i < edit->move_ids->len; i++)
          {
            const char *id = g_ptr_array_index (edit->move_ids, i);
            LfNode *node = lf_scenario_find_node (scenario, id);
            double nx = snap_value (edit, g_array_index (edit->move_origins, double, 2 * i) + dx, snap);
            double ny = snap_value (edit, g_array_index (edit->move_origins, double, 2 * i + 1) + dy, snap);

            if (node != NULL && (node->x != nx || node->y != ny))
              lf_scenario_move_node (scenario, id, nx, ny);
          }
      }
      break;

    case MODE_CONNECT:
      {
        const char *target = lf_painter_node_at (lf_canvas_get_painter (self), x, y);

        if (g_strcmp0 (target, edit->target) != 0)
          {
            g_free (edit->target);
            edit->target = g_strdup (target);
            edit->target_ok = FALSE;
            if (target != NULL && !g_str_equal (target, edit->from))
              {
                g_autoptr(GArray) types = lf_scenario_edge_types_between (scenario, edit->from, target, NULL);

                edit->target_ok = types != NULL && types->len > 0;
              }
          }
        _lf_canvas_invalidate (self);
      }
      break;

    case MODE_BAND:
      _lf_canvas_invalidate (self);
      break;

    case MODE_NONE:
    default:
      break;
    }

  return TRUE;
}

gboolean
_lf_canvas_edit_drag_end (LfCanvas        *self,
                          double           x,
                          double           y,
                          GdkModifierType  state)
{
  LfCanvasEdit *edit = get_edit (self);
  Mode mode = edit->mode;
  gboolean extend = (state & (GDK_SHIFT_MASK | GDK_CONTROL_MASK)) != 0;

  if (edit->document == NULL)
    return FALSE;

  edit->mode = MODE_NONE;
  edit->x = x;
  edit->y = y;

  switch (mode)
    {
    case MODE_MOVE:
      if (edit->moved && lf_history_in_group (doc_history (edit)))
        lf_history_commit (doc_history (edit));
      else if (extend && !edit->press_selected && edit->selection->len > 1)
        {
          /* Shift/Ctrl-click on a selected node takes it out */
          const char *id = lf_painter_node_at (lf_canvas_get_painter (self), x, y);

          if (id != NULL)
            selection_remove (edit, id);
          selection_changed (self);
        }
      else if (!extend && !edit->press_selected && edit->selection->len > 1)
        {
          /* A click on one of several selected: that one alone */
          const char *id = lf_painter_node_at (lf_canvas_get_painter (self), x, y);

          if (id != NULL)
            {
              g_autofree char *keep = g_strdup (id);

              selection_clear (edit);
              selection_add (edit, keep);
              selection_changed (self);
            }
        }
      return TRUE;

    case MODE_CONNECT:
      {
        g_autofree char *from = g_steal_pointer (&edit->from);
        const char *target = lf_painter_node_at (lf_canvas_get_painter (self), x, y);

        g_clear_pointer (&edit->target, g_free);
        _lf_canvas_invalidate (self);
        if (target != NULL && !g_str_equal (target, from))
          lf_canvas_connect (self, from, target);
      }
      return TRUE;

    case MODE_BAND:
      {
        cairo_rectangle_t band, rect;
        GPtrArray *nodes = lf_scenario_get_nodes (doc_scenario (edit));

        band_rect (edit, &band);
        for (guint i = 0; i < nodes->len; i++)
          {
            LfNode *node = g_ptr_array_index (nodes, i);

            if (lf_painter_get_node_rect (lf_canvas_get_painter (self), node->id, &rect) &&
                rect.x < band.x + band.width && rect.x + rect.width > band.x &&
                rect.y < band.y + band.height && rect.y + rect.height > band.y)
              selection_add (edit, node->id);
          }
        selection_changed (self);
      }
      return TRUE;

    case MODE_NONE:
    default:
      /* A click on the empty canvas (a pan that did not move) clears the selection. */
      if (hypot (x - edit->start_x, y - edit->start_y) < CLICK_SLOP &&
          lf_canvas_hit_test (self, x, y) == NULL && edit->selection->len > 0)
        {
          selection_clear (edit);
          selection_changed (self);
        }
      return FALSE;
    }
}

/* A gesture cancelled (Escape, a grab broken): a move goes back, a connection or a band
 * is dropped, and the history keeps no step. TRUE when one was in progress. */
gboolean
_lf_canvas_edit_cancel (LfCanvas *self)
{
  LfCanvasEdit *edit = get_edit (self);
  Mode mode = edit->mode;

  if (edit->document == NULL || mode == MODE_NONE)
    return FALSE;

  edit->mode = MODE_NONE;
  if (mode == MODE_MOVE && edit->moved && lf_history_in_group (doc_history (edit)))
    lf_history_rollback (doc_history (edit));
  edit->moved = FALSE;
  g_clear_pointer (&edit->from, g_free);
  g_clear_pointer (&edit->target, g_free);
  _lf_canvas_invalidate (self);
  return TRUE;
}

const char *
_lf_canvas_edit_motion (LfCanvas *self,
                        double    x,
                        double    y)
{
  LfCanvasEdit *edit = get_edit (self);
  const char *node;

  if (edit->document == NULL)
    return NULL;

  node = lf_painter_node_at (lf_canvas_get_painter (self), x, y);
  if (port_at (self, x, y) != NULL)
    node = port_at (self, x, y);
  if (g_strcmp0 (node, edit->hover) != 0)
    {
      g_free (edit->hover);
      edit->hover = g_strdup (node);
      _lf_canvas_invalidate (self);
    }

  if (port_at (self, x, y) != NULL)
    return "crosshair";
  if (node != NULL)
    return "move";
  return NULL;
}

/* ---- drawing ----------------------------------------------------------------------- */

static void
draw_port (cairo_t *cr,
           double   x,
           double   y,
           gboolean active)
{
  cairo_new_path (cr);
  cairo_arc (cr, x, y, PORT_RADIUS + (active ? 2 : 0), 0, 2 * G_PI);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_fill_preserve (cr);
  cairo_set_source_rgb (cr, 0.21, 0.52, 0.89);
  cairo_set_line_width (cr, 2.5);
  cairo_stroke (cr);
  cairo_arc (cr, x, y, 2.5, 0, 2 * G_PI);
  cairo_fill (cr);
}

void
_lf_canvas_edit_draw (LfCanvas *self,
                      cairo_t  *cr)
{
  LfCanvasEdit *edit = get_edit (self);
  LfPainter *painter = lf_canvas_get_painter (self);
  LfSession *session = lf_canvas_get_session (self);
  const char *primary = session ? lf_session_get_selected (session) : NULL;
  cairo_rectangle_t rect;
  double px, py;

  if (edit->document == NULL)
    return;

  cairo_save (cr);

  /* The other selected nodes (the canvas draws the primary one) */
  cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 0.75);
  cairo_set_line_width (cr, 2.0);
  for (guint i = 0; i < edit->selection->len; i++)
    {
      const char *id = g_ptr_array_index (edit->selection, i);

      if (g_strcmp0 (id, primary) != 0 && lf_painter_get_node_rect (painter, id, &rect))
        {
          _lf_canvas_outline_rect (cr, &rect, lf_canvas_get_zoom (self), 5.0);
          cairo_stroke (cr);
        }
    }

  /* Ports on the hovered and selected nodes */
  for (guint i = 0; i <= edit->selection->len; i++)
    {
      const char *id = i < edit->selection->len ? g_ptr_array_index (edit->selection, i) : edit->hover;

      if (id != NULL && lf_canvas_get_port (self, id, &px, &py) &&
          (i == edit->selection->len || g_strcmp0 (id, edit->hover) != 0))
        draw_port (cr, px, py, g_strcmp0 (id, edit->hover) == 0);
    }

  if (edit->mode == MODE_CONNECT && edit->from != NULL && lf_canvas_get_port (self, edit->from, &px, &py))
    {
      static const double dash[] = { 6.0, 4.0 };
      double angle = atan2 (edit->y - py, edit->x - px);

      if (edit->target != NULL && !g_str_equal (edit->target, edit->from) &&
          lf_painter_get_node_rect (painter, edit->target, &rect))
        {
          if (edit->target_ok)
            cairo_set_source_rgb (cr, 0.18, 0.76, 0.49);   /* green 3 */
          else
            cairo_set_source_rgb (cr, 0.88, 0.11, 0.14);   /* red 3 */
          cairo_set_line_width (cr, 3.0);
          _lf_canvas_outline_rect (cr, &rect, lf_canvas_get_zoom (self), 6.0);
          cairo_stroke (cr);
        }

      cairo_set_source_rgb (cr, 0.21, 0.52, 0.89);
      cairo_set_line_width (cr, 2.5);
      cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
      cairo_move_to (cr, px, py);
      cairo_line_to (cr, edit->x, edit->y);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      cairo_move_to (cr, edit->x, edit->y);
      cairo_line_to (cr, edit->x - 12 * cos (angle - 0.4), edit->y - 12 * sin (angle - 0.4));
      cairo_line_to (cr, edit->x - 12 * cos (angle + 0.4), edit->y - 12 * sin (angle + 0.4));
      cairo_close_path (cr);
      cairo_fill (cr);
      draw_port (cr, px, py, TRUE);
    }

  if (edit->mode == MODE_BAND)
    {
      band_rect (edit, &rect);
      cairo_rectangle (cr, rect.x + 0.5, rect.y + 0.5, rect.width, rect.height);
      cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 0.15);
      cairo_fill_preserve (cr);
      cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 0.9);
      cairo_set_line_width (cr, 1.0);
      cairo_stroke (cr);
    }

  cairo_restore (cr);
}

/* ---- context menu ---------------------------------------------------------------- */

static void
context_pressed_cb (GtkGestureClick *gesture,
                    int              n_press,
                    double           x,
                    double           y,
                    LfCanvas        *self)
{
  LfCanvasEdit *edit = get_edit (self);
  const char *id;

  if (edit->document == NULL)
    return;

  /* A right click on something not selected selects it alone */
  id = lf_canvas_hit_test (self, x, y);
  if (id != NULL && !selection_has (edit, id))
    {
      selection_clear (edit);
      selection_add (edit, id);
      selection_changed (self);
    }

  if (edit->menu == NULL)
    {
      g_autoptr(GMenu) model = g_menu_new ();
      g_autoptr(GMenu) edit_section = g_menu_new ();
      g_autoptr(GMenu) clip_section = g_menu_new ();
      g_autoptr(GMenu) view_section = g_menu_new ();

      g_menu_append (edit_section, _("_Rename"), "win.rename");
      g_menu_append (edit_section, _("D_uplicate"), "win.duplicate");
      g_menu_append (edit_section, _("_Delete"), "win.delete");
      g_menu_append (clip_section, _("Cu_t"), "win.cut");
      g_menu_append (clip_section, _("_Copy"), "win.copy");
      g_menu_append (clip_section, _("_Paste"), "win.paste");
      g_menu_append (view_section, _("Select _All"), "win.select-all");
      g_menu_append (view_section, _("A_lign to Grid"), "win.align-to-grid");
      g_menu_append_section (model, NULL, G_MENU_MODEL (edit_section));
      g_menu_append_section (model, NULL, G_MENU_MODEL (clip_section));
      g_menu_append_section (model, NULL, G_MENU_MODEL (view_section));
      edit->menu = gtk_popover_menu_new_from_model (G_MENU_MODEL (model));
      gtk_popover_set_has_arrow (GTK_POPOVER (edit->menu), FALSE);
      gtk_widget_set_halign (edit->menu, GTK_ALIGN_START);
      gtk_widget_set_parent (edit->menu, GTK_WIDGET (self));
    }
  gtk_popover_set_pointing_to (GTK_POPOVER (edit->menu), &(GdkRectangle) { (int) x, (int) y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (edit->menu));
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

GtkWidget *
_lf_canvas_edit_get_menu (LfCanvas *self)
{
  return get_edit (self)->menu;
}

/* ---- drop target ------------------------------------------------------------------- */

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         LfCanvas      *self)
{
  const LfNodeTemplate *template = g_value_get_boxed (value);
  g_autofree char *id = NULL;

  if (template == NULL || get_edit (self)->document == NULL)
    return FALSE;

  id = lf_canvas_add_node (self, template, x, y);
  return id != NULL;
}

static GdkDragAction
drop_enter_cb (GtkDropTarget *target,
               double         x,
               double         y,
               LfCanvas      *self)
{
  return get_edit (self)->document != NULL ? GDK_ACTION_COPY : 0;
}

/* ---- life cycle -------------------------------------------------------------------- */

void
_lf_canvas_edit_size_allocate (LfCanvas *self)
{
  LfCanvasEdit *edit = get_edit (self);

  if (edit->popover != NULL)
    gtk_popover_present (GTK_POPOVER (edit->popover));
  if (edit->menu != NULL)
    gtk_popover_present (GTK_POPOVER (edit->menu));
}

LfCanvasEdit *
_lf_canvas_edit_new (LfCanvas *canvas)
{
  LfCanvasEdit *edit = g_new0 (LfCanvasEdit, 1);

  edit->canvas = canvas;
  edit->selection = g_ptr_array_new_with_free_func (g_free);
  edit->move_ids = g_ptr_array_new_with_free_func (g_free);
  edit->move_origins = g_array_new (FALSE, FALSE, sizeof (double));
  edit->snap = TRUE;
  return edit;
}

void
_lf_canvas_edit_dispose (LfCanvas *self)
{
  LfCanvasEdit *edit = get_edit (self);
  GtkWidget *child;

  if (edit == NULL)
    return;
  if (edit->popover != NULL)
    g_signal_handlers_disconnect_by_data (edit->popover, self);
  edit->popover = NULL;
  edit->menu = NULL;   /* unparented below */
  /* Popovers, including closed ones waiting for their idle unparent */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  if (edit->document != NULL)
    g_signal_handlers_disconnect_by_data (lf_document_get_scenario (edit->document), self);
  g_clear_object (&edit->document);
}

void
_lf_canvas_edit_free (LfCanvasEdit *edit)
{
  if (edit == NULL)
    return;
  g_clear_object (&edit->document);
  g_ptr_array_unref (edit->selection);
  g_ptr_array_unref (edit->move_ids);
  g_array_unref (edit->move_origins);
  g_free (edit->from);
  g_free (edit->target);
  g_free (edit->hover);
  g_free (edit);
}

void
_lf_canvas_edit_init (LfCanvas *self)
{
  GtkDropTarget *target = gtk_drop_target_new (LF_TYPE_NODE_TEMPLATE, GDK_ACTION_COPY);
  GtkGesture *context = gtk_gesture_click_new ();

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (context), GDK_BUTTON_SECONDARY);
  g_signal_connect (context, "pressed", G_CALLBACK (context_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (context));

  g_signal_connect (target, "drop", G_CALLBACK (drop_cb), self);
  g_signal_connect (target, "enter", G_CALLBACK (drop_enter_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
}

void
_lf_canvas_edit_class_init (GtkWidgetClass *widget_class)
{
  static const struct {
    guint           keyval;
    GdkModifierType mods;
    const char     *action;
  } keys[] = {
    /* The window's editing actions, while the canvas has the focus (a key in the palette's
     * search or an inspector row is that widget's) */
    { GDK_KEY_Delete, 0, "win.delete" },
    { GDK_KEY_KP_Delete, 0, "win.delete" },
    { GDK_KEY_BackSpace, 0, "win.delete" },
    { GDK_KEY_d, GDK_CONTROL_MASK, "win.duplicate" },
    { GDK_KEY_c, GDK_CONTROL_MASK, "win.copy" },
    { GDK_KEY_x, GDK_CONTROL_MASK, "win.cut" },
    { GDK_KEY_v, GDK_CONTROL_MASK, "win.paste" },
    { GDK_KEY_a, GDK_CONTROL_MASK, "win.select-all" },
    { GDK_KEY_F2, 0, "win.rename" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    gtk_widget_class_add_binding_action (widget_class, keys[i].keyval, keys[i].mods, keys[i].action, NULL);

  signals[EDIT_REFUSED] =
    g_signal_new ("edit-refused", G_TYPE_FROM_CLASS (widget_class), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SELECTION_CHANGED] =
    g_signal_new ("selection-changed", G_TYPE_FROM_CLASS (widget_class), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* An edit did more than it showed (a role gained a policy): worth a toast */
  signals[EDIT_NOTE] =
    g_signal_new ("edit-note", G_TYPE_FROM_CLASS (widget_class), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}
