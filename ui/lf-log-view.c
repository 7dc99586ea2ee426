/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The event log: lf_session_get_log (the last LF_SESSION_LOG_LIMIT records) through a
 * GtkFilterListModel into a GtkColumnView (time, kind, at, message). The filter is one
 * custom function over three inputs: the search text (a node or edge id, a kind, any text
 * of the JSON record, or "m12" for the records that concern message 12), the kind
 * dropdown, and "only the selected node". Rows are recycled widgets, so 20,000 records
 * cost one label per visible cell. The view follows the tail unless the user scrolled up.
 * Selecting a row selects its message in the session; the pane below shows that message's
 * lineage, its fate and the AWS-shaped event a function received for it. */

#include "lf-log-view.h"

#include <string.h>

#include <adwaita.h>

typedef enum {
  COL_TIME,
  COL_KIND,
  COL_AT,
  COL_MSG,
  N_COLUMNS
} Column;

static const char *const column_titles[N_COLUMNS] = { "Time (s)", "Kind", "At", "Message" };

static const char *const fate_names[LF_N_FATES] = {
  [LF_FATE_SUCCEEDED] = "succeeded",
  [LF_FATE_DISCARDED] = "discarded",
  [LF_FATE_FORWARDED] = "forwarded (copies went on)",
  [LF_FATE_QUEUED] = "waiting in a queue or stream",
  [LF_FATE_IN_FLIGHT] = "in flight",
};

struct _LfLogView
{
  LfPanel            parent_instance;

  /* template */
  GtkSearchEntry    *search_entry;
  GtkDropDown       *kind_dropdown;
  GtkToggleButton   *selected_only;
  GtkScrolledWindow *scroller;
  GtkColumnView     *column_view;
  GtkLabel          *lineage_label;
  GtkTextView       *json_view;

  GtkCustomFilter   *filter;
  GtkFilterListModel *filtered;
  GtkSingleSelection *selection;

  /* the filter's inputs, read once per change */
  char              *needle;      /* casefolded search text, or NULL */
  guint32            needle_msg;  /* "m12" ⇒ 12 */
  int                kind;        /* -1: all */
  char              *only_at;     /* the selected node, or NULL */

  gboolean           follow;      /* keep the last record in view */
  gboolean           scrolling;   /* our own change of the adjustment */
  double             last_upper;
  guint              scroll_source;
  gboolean           showing_all; /* the filter lets every record through */
};

G_DEFINE_FINAL_TYPE (LfLogView, lf_log_view, LF_TYPE_PANEL)


/* ---- filtering ------------------------------------------------------------------- */

/* ASCII case-insensitive strstr; ids, kinds and keys are ASCII. */
static gboolean
contains_casefold (const char *haystack, const char *needle)
{
  gsize len = strlen (needle);
  char first = g_ascii_tolower (needle[0]);

  for (const char *h = haystack; h && *h; h++)
    if (g_ascii_tolower (*h) == first && g_ascii_strncasecmp (h, needle, len) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
filter_func (gpointer item, gpointer user_data)
{
  LfLogView *self = user_data;
  LfLogItem *log_item = item;

  if (self->kind >= 0 && (int) lf_log_item_get_kind (log_item) != self->kind)
    return FALSE;
  if (self->only_at && g_strcmp0 (lf_log_item_get_at (log_item), self->only_at) != 0)
    return FALSE;
  if (self->needle_msg)
    return lf_log_item_mentions (log_item, self->needle_msg);
  if (self->needle)
    return contains_casefold (lf_log_item_get_at (log_item), self->needle) ||
           contains_casefold (lf_log_item_get_kind_name (log_item), self->needle) ||
           contains_casefold (lf_log_item_get_json (log_item), self->needle);
  return TRUE;
}

/* "m12" (or "M12") names message 12. */
static guint32
parse_message_id (const char *text)
{
  guint64 id = 0;

  if ((text[0] != 'm' && text[0] != 'M') || !g_ascii_isdigit (text[1]))
    return 0;
  if (!g_ascii_string_to_unsigned (text + 1, 10, 1, G_MAXUINT32, &id, NULL))
    return 0;
  return (guint32) id;
}

static void
on_filter_changed (LfLogView *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  guint kind = gtk_drop_down_get_selected (self->kind_dropdown);
  LfSession *session = lf_panel_get_session (LF_PANEL (self));
  const char *selected;
  gboolean all;

  if (session == NULL || self->filter == NULL)
    return;   /* still being built */
  selected = lf_session_get_selected (session);
  g_clear_pointer (&self->needle, g_free);
  g_clear_pointer (&self->only_at, g_free);
  self->needle_msg = parse_message_id (stripped);
  if (*stripped && self->needle_msg == 0)
    self->needle = g_strdup (stripped);
  self->kind = (kind == GTK_INVALID_LIST_POSITION || kind == 0) ? -1 : (int) kind - 1;
  if (gtk_toggle_button_get_active (self->selected_only))
    self->only_at = g_strdup (selected ? selected : "");
  all = self->needle == NULL && self->needle_msg == 0 && self->kind < 0 && self->only_at == NULL;
  /* from "everything", a filter can only drop rows; to "everything", only add them */
  gtk_filter_changed (GTK_FILTER (self->filter),
                      all ? GTK_FILTER_CHANGE_LESS_STRICT
                          : self->showing_all ? GTK_FILTER_CHANGE_MORE_STRICT
                                              : GTK_FILTER_CHANGE_DIFFERENT);
  self->showing_all = all;
}

static void
on_selected_node_changed (LfLogView *self)
{
  if (gtk_toggle_button_get_active (self->selected_only))
    on_filter_changed (self);
}

/* ---- following the tail ------------------------------------------------------------ */

/* The list view inside the column view, which has the "list.scroll-to-item" action. */
static GtkWidget *
inner_list_view (LfLogView *self)
{
  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (self->column_view)); c;
       c = gtk_widget_get_next_sibling (c))
    if (GTK_IS_LIST_VIEW (c))
      return c;
  return NULL;
}

static gboolean
scroll_to_end_cb (gpointer data)
{
  LfLogView *self = data;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  GtkWidget *list = inner_list_view (self);

  self->scroll_source = 0;
  /* by item, not by adjustment value: the adjustment may still measure rows that a
   * filter or a reset has just taken away, and the list view refuses such a value */
  if (self->follow && n > 0 && list)
    {
      self->scrolling = TRUE;
      gtk_widget_activate_action (list, "list.scroll-to-item", "u", n - 1);
      self->scrolling = FALSE;
    }
  return G_SOURCE_REMOVE;
}

/* Rows arrived (or the view was resized): keep the last one in view while following.
 * The list view sets its adjustment's bounds while it lays the rows out, and takes no
 * scrolling then: scroll from an idle once the layout is done. */
static void
on_adjustment_changed (GtkAdjustment *adj, LfLogView *self)
{
  double bottom = gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj);

  if (self->follow && gtk_adjustment_get_value (adj) < bottom && self->scroll_source == 0)
    self->scroll_source = g_idle_add_full (G_PRIORITY_DEFAULT, scroll_to_end_cb, self, NULL);
}

static void
on_adjustment_value_changed (GtkAdjustment *adj, LfLogView *self)
{
  double upper = gtk_adjustment_get_upper (adj);
  double bottom = upper - gtk_adjustment_get_page_size (adj);
  gboolean grew = upper != self->last_upper;

  self->last_upper = upper;
  if (gtk_adjustment_get_value (adj) >= bottom - 2)
    self->follow = TRUE;
  else if (!self->scrolling && !grew)
    self->follow = FALSE;   /* the user scrolled up (not rows arriving or leaving) */
}

/* ---- columns ----------------------------------------------------------------------- */

static void
setup_cell (GtkSignalListItemFactory *factory, GtkListItem *list_item, gpointer data)
{
  Column col = GPOINTER_TO_INT (data);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), col == COL_TIME ? 1.0 : 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (col == COL_TIME || col == COL_MSG)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (list_item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory, GtkListItem *list_item, gpointer data)
{
  Column col = GPOINTER_TO_INT (data);
  LfLogItem *item = gtk_list_item_get_item (list_item);
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (list_item));
  char buf[32];

  switch (col)
    {
    case COL_TIME:
      g_snprintf (buf, sizeof buf, "%.3f", (double) lf_log_item_get_time (item) / 1e6);
      gtk_label_set_text (label, buf);
      break;
    case COL_KIND:
      gtk_label_set_text (label, lf_log_item_get_kind_name (item));
      break;
    case COL_AT:
      gtk_label_set_text (label, lf_log_item_get_at (item));
      break;
    case COL_MSG:
    case N_COLUMNS:
    default:
      if (lf_log_item_get_msg (item))
        g_snprintf (buf, sizeof buf, "m%u", lf_log_item_get_msg (item));
      else
        buf[0] = '\0';
      gtk_label_set_text (label, buf);
      break;
    }
}

static void
add_columns (LfLogView *self)
{
  for (int col = 0; col < N_COLUMNS; col++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), GINT_TO_POINTER (col));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), GINT_TO_POINTER (col));
      column = gtk_column_view_column_new (column_titles[col], factory);
      gtk_column_view_column_set_expand (column, col == COL_AT);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_append_column (self->column_view, column);
      g_object_unref (column);
    }
}

static GListModel *
kind_names (void)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  gtk_string_list_append (list, "All kinds");
  for (int k = 0; k < LF_N_RECORD_KINDS; k++)
    gtk_string_list_append (list, lf_record_kind_to_string ((LfRecordKind) k));
  return G_LIST_MODEL (list);
}

/* ---- details ----------------------------------------------------------------------- */

static void
show_lineage (LfLogView *self, LfSim *sim, guint32 msg)
{
  GString *text = g_string_new (NULL);
  LfFate fate = lf_sim_message_fate (sim, msg);
  guint depth = 0;

  g_string_append_printf (text, "<b>m%u</b>, born at %.3f s, %s", msg,
                          (double) lf_sim_message_born (sim, msg) / 1e6,
                          fate < LF_N_FATES ? fate_names[fate] : "unknown");
  for (guint32 p = lf_sim_message_parent (sim, msg); p != 0 && depth < 64;
       p = lf_sim_message_parent (sim, p), depth++)
    g_string_append_printf (text, "\n  ← copy of m%u (born %.3f s, %s)", p,
                            (double) lf_sim_message_born (sim, p) / 1e6,
                            fate_names[lf_sim_message_fate (sim, p) % LF_N_FATES]);
  if (depth == 0)
    g_string_append (text, "\n  a root message: published by the workload");
  gtk_label_set_markup (self->lineage_label, text->str);
  g_string_free (text, TRUE);
}

static void
show_event (LfLogView *self, LfSim *sim, guint32 msg)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->json_view);
  g_autoptr(JsonNode) event = lf_sim_message_event (sim, msg);
  g_autofree char *json = event ? json_to_string (event, TRUE) : NULL;

  gtk_text_buffer_set_text (buffer, json ? json : "", -1);
  gtk_widget_set_visible (GTK_WIDGET (self->json_view), json != NULL);
}

static void
on_selected_message_changed (LfLogView *self)
{
  LfSession *session = lf_panel_get_session (LF_PANEL (self));
  LfSim *sim = lf_session_get_sim (session);
  guint32 msg = lf_session_get_selected_message (session);
  LfLogItem *row = gtk_single_selection_get_selected_item (self->selection);

  /* chosen elsewhere (a token on the canvas): the selected row no longer says it */
  if (row && lf_log_item_get_msg (row) != msg)
    gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "log.show-records", sim && msg);
  if (sim == NULL || msg == 0 || msg > lf_sim_message_count (sim))
    {
      gtk_label_set_text (self->lineage_label,
                          "Select a record to see its message's lineage and the event the function received.");
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->json_view), "", -1);
      gtk_widget_set_visible (GTK_WIDGET (self->json_view), FALSE);
      return;
    }
  show_lineage (self, sim, msg);
  show_event (self, sim, msg);
}

/* log.show-records: only the selected message's records */
static void
show_records_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LfLogView *self = LF_LOG_VIEW (widget);
  LfSession *session = lf_panel_get_session (LF_PANEL (self));

  g_autofree char *text = g_strdup_printf ("m%u", lf_session_get_selected_message (session));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
  on_filter_changed (self);
}

static void
on_row_selected (GtkSingleSelection *selection, GParamSpec *pspec, LfLogView *self)
{
  LfLogItem *item = gtk_single_selection_get_selected_item (selection);

  if (item && lf_log_item_get_msg (item) != 0)
    lf_session_set_selected_message (lf_panel_get_session (LF_PANEL (self)),
                                     lf_log_item_get_msg (item));
}

static void
on_restarted (LfLogView *self)
{
  self->follow = TRUE;
  on_selected_message_changed (self);
}

/* ---- GObject ----------------------------------------------------------------------- */

static void
lf_log_view_constructed (GObject *object)
{
  LfLogView *self = LF_LOG_VIEW (object);

  G_OBJECT_CLASS (lf_log_view_parent_class)->constructed (object);
  gtk_filter_list_model_set_model (self->filtered,
                                   lf_session_get_log (lf_panel_get_session (LF_PANEL (self))));
  on_selected_message_changed (self);
}

static void
lf_log_view_dispose (GObject *object)
{
  LfLogView *self = LF_LOG_VIEW (object);
  GtkAdjustment *adj = self->scroller ? gtk_scrolled_window_get_vadjustment (self->scroller) : NULL;

  if (adj)
    g_signal_handlers_disconnect_by_data (adj, self);
  g_clear_handle_id (&self->scroll_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), LF_TYPE_LOG_VIEW);
  g_clear_object (&self->selection);
  g_clear_pointer (&self->needle, g_free);
  g_clear_pointer (&self->only_at, g_free);

  G_OBJECT_CLASS (lf_log_view_parent_class)->dispose (object);
}

static void
lf_log_view_class_init (LfLogViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = lf_log_view_constructed;
  object_class->dispose = lf_log_view_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/lambdaflow/LambdaFlow/ui/lf-log-view.ui");
  gtk_widget_class_bind_template_child (widget_class, LfLogView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, LfLogView, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LfLogView, selected_only);
  gtk_widget_class_bind_template_child (widget_class, LfLogView, scroller);
  gtk_widget_class_bind_template_child (widget_class, LfLogView, column_view);
  gtk_widget_class_bind_template_child (widget_class, LfLogView, lineage_label);
  gtk_widget_class_bind_template_child (widget_class, LfLogView, json_view);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed);
  gtk_widget_class_install_action (widget_class, "log.show-records", NULL, show_records_action);
  gtk_widget_class_set_css_name (widget_class, "lf-log-view");
}

static void
lf_log_view_init (LfLogView *self)
{
  GSignalGroup *group;
  GtkAdjustment *adj;
  g_autoptr(GListModel) kinds = kind_names ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->kind = -1;
  self->follow = TRUE;
  self->showing_all = TRUE;
  gtk_drop_down_set_model (self->kind_dropdown, kinds);
  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filtered = gtk_filter_list_model_new (NULL, GTK_FILTER (self->filter));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (self->filtered));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect (self->selection, "notify::selected-item", G_CALLBACK (on_row_selected), self);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  add_columns (self);

  adj = gtk_scrolled_window_get_vadjustment (self->scroller);
  g_signal_connect (adj, "changed", G_CALLBACK (on_adjustment_changed), self);
  g_signal_connect (adj, "value-changed", G_CALLBACK (on_adjustment_value_changed), self);

  group = lf_panel_get_session_signals (LF_PANEL (self));
  g_signal_group_connect_swapped (group, "notify::selected",
                                  G_CALLBACK (on_selected_node_changed), self);
  g_signal_group_connect_swapped (group, "notify::selected-message",
                                  G_CALLBACK (on_selected_message_changed), self);
  g_signal_group_connect_swapped (group, "restarted",
                                  G_CALLBACK (on_restarted), self);
}

GtkWidget *
lf_log_view_new (LfSession *session)
{
  g_return_val_if_fail (LF_IS_SESSION (session), NULL);

  return g_object_new (LF_TYPE_LOG_VIEW, "session", session, NULL);
}

LfSession *
lf_log_view_get_session (LfLogView *self)
{
  g_return_val_if_fail (LF_IS_LOG_VIEW (self), NULL);

  return lf_panel_get_session (LF_PANEL (self));
}
