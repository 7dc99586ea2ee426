/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The fault panel: one group per function (and per other node a fault targets), one row
 * per fault of the scenario. A slider edits the probability (0 % is off), a switch turns
 * an all-or-nothing fault (a poison record) on and off, a slow fault's factor is a spin
 * button, and a `deny` fault is a permission toggle. Every change goes through
 * lf_session_set_value and so applies at the current simulated time.
 *
 * lf_sim_set changes existing faults only: a kind the scenario lacks is shown disabled,
 * with a note. A `deny` fault ignores its probability in the simulation, so its toggle
 * moves the fault's window instead: allowed ⇒ `stop` = now, denied ⇒ no `stop`. */

#include "lf-fault-panel.h"

#include <adwaita.h>

typedef struct {
  const char *kind;
  const char *title;
  gboolean    toggle;     /* all or nothing: a switch, not a slider */
} KindInfo;

static const KindInfo kinds[] = {
  { "error", "Function errors", FALSE },
  { "timeout", "Timeouts", FALSE },
  { "throttle", "Throttles (429)", FALSE },
  { "slow", "Slow invocations", FALSE },
  { "poison", "Poison record", TRUE },
  { "partial", "Partial batch failures", FALSE },
  { "bad_response", "Malformed responses", FALSE },
  { "large_response", "Oversized responses", FALSE },
  { "no_state", "Missing window state", FALSE },
  { "duplicate", "Duplicate deliveries", FALSE },
  { "deny", "Permission", TRUE },
};

/* Shown disabled on a function that has no fault of the kind. */
static const char *const usual_kinds[] = { "error", "timeout", "throttle", "slow", NULL };

typedef struct {
  LfFaultPanel *panel;      /* unowned */
  char         *id;         /* the fault's id */
  char         *kind;
  GtkWidget    *row;
  GtkWidget    *scale;      /* or NULL */
  GtkWidget    *value_label;
  GtkWidget    *toggle;     /* GtkSwitch, or NULL */
  GtkWidget    *factor;     /* GtkSpinButton for slow faults, or NULL */
} FaultRow;

struct _LfFaultPanel
{
  LfPanel       parent_instance;

  GtkStack            *stack;
  AdwPreferencesPage  *page;

  GPtrArray    *groups;      /* AdwPreferencesGroup* on the page */
  GPtrArray    *rows;        /* FaultRow* */
  gboolean      updating;
};

G_DEFINE_FINAL_TYPE (LfFaultPanel, lf_fault_panel, LF_TYPE_PANEL)

enum {
  VALUE_REFUSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
fault_row_free (FaultRow *fr)
{
  g_free (fr->id);
  g_free (fr->kind);
  g_free (fr);
}

static const KindInfo *
kind_info (const char *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (kinds[i].kind, kind) == 0)
      return &kinds[i];
  return NULL;
}

static LfScenario *
sim_scenario (LfFaultPanel *self)
{
  LfSim *sim = lf_session_get_sim (lf_panel_get_session (LF_PANEL (self)));

  return sim ? lf_sim_get_scenario (sim) : NULL;
}

static JsonObject *
find_fault (LfFaultPanel *self, const char *id)
{
  LfScenario *scenario = sim_scenario (self);
  JsonArray *faults = scenario ? lf_scenario_get_faults (scenario) : NULL;

  for (guint i = 0; faults && i < json_array_get_length (faults); i++)
    {
      JsonObject *f = json_array_get_object_element (faults, i);
      if (f && g_strcmp0 (json_object_get_string_member_with_default (f, "id", ""), id) == 0)
        return f;
    }
  return NULL;
}

static gboolean
deny_active (LfFaultPanel *self, JsonObject *fault)
{
  LfTime now = lf_session_get_now (lf_panel_get_session (LF_PANEL (self)));

  return now >= lf_props_get_duration (fault, "start", 0) &&
         now < lf_props_get_duration (fault, "stop", LF_TIME_NEVER);
}

/* Sets one key of a fault; on refusal emits "value-refused" and returns FALSE. */
static gboolean
set_fault_value (LfFaultPanel *self, const char *id, const char *key, const char *value)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_strdup_printf ("%s.%s", id, key);

  if (lf_session_set_value (lf_panel_get_session (LF_PANEL (self)), path, value, &error))
    return TRUE;
  g_signal_emit (self, signals[VALUE_REFUSED], 0, path, error->message);
  return FALSE;
}

static void sync_row (FaultRow *fr);

static void
on_scale_changed (GtkRange *range, FaultRow *fr)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  double p = round (gtk_range_get_value (range)) / 100.0;

  if (fr->panel->updating)
    return;
  set_fault_value (fr->panel, fr->id, "probability", g_ascii_formatd (buf, sizeof buf, "%.2f", p));
  sync_row (fr);
}

static void
on_toggle_active (GtkSwitch *sw, GParamSpec *pspec, FaultRow *fr)
{
  LfFaultPanel *self = fr->panel;
  gboolean active = gtk_switch_get_active (sw);

  if (self->updating)
    return;
  if (g_str_equal (fr->kind, "deny"))
    {
      /* the switch reads "allowed": allowing ends the fault's window now */
      LfSession *session = lf_panel_get_session (LF_PANEL (self));
      g_autofree char *now = g_strdup_printf ("\"%" G_GINT64_FORMAT "ms\"",
                                              lf_session_get_now (session) / 1000);
      set_fault_value (self, fr->id, "stop", active ? now : "null");
    }
  else
    set_fault_value (self, fr->id, "probability", active ? "1" : "0");
  sync_row (fr);
}

static void
on_factor_changed (GtkSpinButton *spin, FaultRow *fr)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (fr->panel->updating)
    return;
  set_fault_value (fr->panel, fr->id, "factor",
                   g_ascii_formatd (buf, sizeof buf, "%g", gtk_spin_button_get_value (spin)));
  sync_row (fr);
}

/* Reads the row's values back from the simulation's scenario. */
static void
sync_row (FaultRow *fr)
{
  LfFaultPanel *self = fr->panel;
  JsonObject *fault = find_fault (self, fr->id);
  double p;
  g_autofree char *percent = NULL;

  if (fault == NULL)
    return;
  p = lf_props_get_double (fault, "probability", 1.0);
  self->updating = TRUE;
  if (fr->scale)
    gtk_range_set_value (GTK_RANGE (fr->scale), p * 100.0);
  if (fr->toggle && g_str_equal (fr->kind, "deny"))
    gtk_switch_set_active (GTK_SWITCH (fr->toggle), !deny_active (self, fault));
  else if (fr->toggle)
    gtk_switch_set_active (GTK_SWITCH (fr->toggle), p > 0);
  if (fr->factor)
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (fr->factor), lf_props_get_double (fault, "factor", 2.0));
  self->updating = FALSE;
  if (fr->value_label)
    {
      percent = g_strdup_printf ("%.0f %%", p * 100.0);
      gtk_label_set_text (GTK_LABEL (fr->value_label), percent);
    }
}

/* What the row's subtitle says about a fault beyond its kind. */
static char *
fault_details (JsonObject *fault)
{
  GString *text = g_string_new (json_object_get_string_member_with_default (fault, "id", ""));
  JsonNode *match = json_object_get_member (fault, "match");

  if (json_object_has_member (fault, "error_type"))
    g_string_append_printf (text, " · %s", json_object_get_string_member_with_default (fault, "error_type", ""));
  if (match)
    {
      g_autofree char *m = json_to_string (match, FALSE);
      g_string_append_printf (text, " · match %s", m);
    }
  if (json_object_has_member (fault, "attempts"))
    {
      g_autofree char *a = json_to_string (json_object_get_member (fault, "attempts"), FALSE);
      g_string_append_printf (text, " · attempts %s", a);
    }
  return g_string_free (text, FALSE);
}

static void
add_slider (FaultRow *fr)
{
  fr->scale = gtk_scale_new_with_range (GTK_ORIENTATION_HORIZONTAL, 0, 100, 1);
  gtk_scale_set_draw_value (GTK_SCALE (fr->scale), FALSE);
  gtk_range_set_round_digits (GTK_RANGE (fr->scale), 0);
  gtk_widget_set_size_request (fr->scale, 120, -1);
  gtk_widget_set_valign (fr->scale, GTK_ALIGN_CENTER);
  gtk_widget_set_name (fr->scale, fr->id);
  fr->value_label = gtk_label_new ("0 %");
  gtk_label_set_width_chars (GTK_LABEL (fr->value_label), 5);
  gtk_label_set_xalign (GTK_LABEL (fr->value_label), 1.0);
  gtk_widget_add_css_class (fr->value_label, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (fr->row), fr->scale);
  adw_action_row_add_suffix (ADW_ACTION_ROW (fr->row), fr->value_label);
  g_signal_connect (fr->scale, "value-changed", G_CALLBACK (on_scale_changed), fr);
}

/* A slow fault's factor, on a row of its own under the fault's row. */
static GtkWidget *
add_factor (FaultRow *fr)
{
  GtkWidget *row = adw_action_row_new ();

  fr->factor = gtk_spin_button_new_with_range (1, 100, 0.5);
  gtk_widget_set_valign (fr->factor, GTK_ALIGN_CENTER);
  gtk_widget_set_name (fr->factor, fr->id);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), "Slowed by");
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), "Durations multiplied by this factor");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), fr->factor);
  g_signal_connect (fr->factor, "value-changed", G_CALLBACK (on_factor_changed), fr);
  return row;
}

static void
add_toggle (FaultRow *fr)
{
  fr->toggle = gtk_switch_new ();
  gtk_widget_set_valign (fr->toggle, GTK_ALIGN_CENTER);
  gtk_widget_set_name (fr->toggle, fr->id);
  adw_action_row_add_suffix (ADW_ACTION_ROW (fr->row), fr->toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (fr->row), fr->toggle);
  g_signal_connect (fr->toggle, "notify::active", G_CALLBACK (on_toggle_active), fr);
}

static void
add_fault_row (LfFaultPanel *self, AdwPreferencesGroup *group, JsonObject *fault)
{
  FaultRow *fr = g_new0 (FaultRow, 1);
  const char *kind = json_object_get_string_member_with_default (fault, "kind", "");
  const KindInfo *info = kind_info (kind);
  g_autofree char *details = fault_details (fault);
  g_autofree char *title = NULL;

  fr->panel = self;
  fr->id = g_strdup (json_object_get_string_member_with_default (fault, "id", ""));
  fr->kind = g_strdup (kind);
  fr->row = adw_action_row_new ();
  if (g_str_equal (kind, "deny"))
    title = g_strdup_printf ("Allow %s", json_object_get_string_member_with_default (fault, "action", "?"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (fr->row),
                                 title ? title : info ? info->title : kind);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (fr->row), details);
  if (info && info->toggle)
    add_toggle (fr);
  else
    add_slider (fr);
  adw_preferences_group_add (group, fr->row);
  if (g_str_equal (kind, "slow"))
    adw_preferences_group_add (group, add_factor (fr));
  g_ptr_array_add (self->rows, fr);
  sync_row (fr);
}

static void
add_missing_row (AdwPreferencesGroup *group, const char *kind)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *note =
    g_strdup_printf ("Live changes reach the faults a scenario has: add a “%s” fault to the file "
                     "to inject it here", kind);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), kind_info (kind)->title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), "Not in this scenario");
  gtk_widget_set_tooltip_text (row, note);
  gtk_widget_set_sensitive (row, FALSE);
  adw_preferences_group_add (group, row);
}

static gboolean
node_has_fault (JsonArray *faults, const char *node_id, const char *kind)
{
  for (guint i = 0; i < json_array_get_length (faults); i++)
    {
      JsonObject *f = json_array_get_object_element (faults, i);
      if (f && g_strcmp0 (json_object_get_string_member_with_default (f, "target", ""), node_id) == 0 &&
          (kind == NULL || g_strcmp0 (json_object_get_string_member_with_default (f, "kind", ""), kind) == 0))
        return TRUE;
    }
  return FALSE;
}

static void
add_node_group (LfFaultPanel *self, LfNode *node, JsonArray *faults)
{
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  gboolean function = node->type == LF_NODE_LAMBDA_FUNCTION;

  adw_preferences_group_set_title (group, node->label && *node->label ? node->label : node->id);
  if (!function)
    adw_preferences_group_set_description (group, lf_node_type_to_string (node->type));
  else if (node->label && *node->label && g_strcmp0 (node->label, node->id) != 0)
    adw_preferences_group_set_description (group, node->id);
  for (guint i = 0; i < json_array_get_length (faults); i++)
    {
      JsonObject *f = json_array_get_object_element (faults, i);
      if (f && g_strcmp0 (json_object_get_string_member_with_default (f, "target", ""), node->id) == 0)
        add_fault_row (self, group, f);
    }
  for (guint i = 0; function && usual_kinds[i]; i++)
    if (!node_has_fault (faults, node->id, usual_kinds[i]))
      add_missing_row (group, usual_kinds[i]);
  adw_preferences_page_add (self->page, group);
  g_ptr_array_add (self->groups, group);
}

static void
rebuild (LfFaultPanel *self)
{
  LfScenario *scenario = sim_scenario (self);
  GPtrArray *nodes = scenario ? lf_scenario_get_nodes (scenario) : NULL;
  JsonArray *faults = scenario ? lf_scenario_get_faults (scenario) : NULL;

  for (guint i = 0; i < self->groups->len; i++)
    adw_preferences_page_remove (self->page, g_ptr_array_index (self->groups, i));
  g_ptr_array_set_size (self->groups, 0);
  g_ptr_array_set_size (self->rows, 0);
  /* functions first, then any other node that a fault targets (duplicates) */
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; nodes && i < nodes->len; i++)
      {
        LfNode *node = g_ptr_array_index (nodes, i);
        gboolean function = node->type == LF_NODE_LAMBDA_FUNCTION;
        if (pass == 0 ? function : (!function && node_has_fault (faults, node->id, NULL)))
          add_node_group (self, node, faults);
      }
  gtk_stack_set_visible_child_name (self->stack, self->groups->len > 0 ? "faults" : "empty");
}

static void
on_scenario_changed (LfFaultPanel *self)
{
  rebuild (self);
}

static void
on_restarted (LfFaultPanel *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    sync_row (g_ptr_array_index (self->rows, i));
}

static void
lf_fault_panel_constructed (GObject *object)
{
  LfFaultPanel *self = LF_FAULT_PANEL (object);

  G_OBJECT_CLASS (lf_fault_panel_parent_class)->constructed (object);
  rebuild (self);
}

static void
lf_fault_panel_dispose (GObject *object)
{
  LfFaultPanel *self = LF_FAULT_PANEL (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), LF_TYPE_FAULT_PANEL);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->groups, g_ptr_array_unref);

  G_OBJECT_CLASS (lf_fault_panel_parent_class)->dispose (object);
}

static void
lf_fault_panel_class_init (LfFaultPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = lf_fault_panel_constructed;
  object_class->dispose = lf_fault_panel_dispose;

  /**
   * LfFaultPanel::value-refused:
   * @path: "<fault-id>.probability"
   * @message: the simulation's reason
   */
  signals[VALUE_REFUSED] =
    g_signal_new ("value-refused", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/lambdaflow/LambdaFlow/ui/lf-fault-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, LfFaultPanel, stack);
  gtk_widget_class_bind_template_child (widget_class, LfFaultPanel, page);
  gtk_widget_class_set_css_name (widget_class, "lf-fault-panel");
}

static void
lf_fault_panel_init (LfFaultPanel *self)
{
  GSignalGroup *group;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->groups = g_ptr_array_new ();
  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) fault_row_free);
  group = lf_panel_get_session_signals (LF_PANEL (self));
  g_signal_group_connect_swapped (group, "notify::scenario",
                                  G_CALLBACK (on_scenario_changed), self);
  g_signal_group_connect_swapped (group, "restarted",
                                  G_CALLBACK (on_restarted), self);
}

GtkWidget *
lf_fault_panel_new (LfSession *session)
{
  g_return_val_if_fail (LF_IS_SESSION (session), NULL);

  return g_object_new (LF_TYPE_FAULT_PANEL, "session", session, NULL);
}

LfSession *
lf_fault_panel_get_session (LfFaultPanel *self)
{
  g_return_val_if_fail (LF_IS_FAULT_PANEL (self), NULL);

  return lf_panel_get_session (LF_PANEL (self));
}
