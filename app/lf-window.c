/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lf-window"

#include <glib/gi18n.h>
#include <math.h>

#include "lf-chart.h"
#include "lf-fault-panel.h"
#include "lf-inspector.h"
#include "lf-log-view.h"
#include "lf-problems-dialog.h"
#include "lf-recorder-panel.h"
#include "lf-walkthrough-player.h"
#include "lf-window-private.h"

/* The geometry ranges of io.github.lambdaflow.LambdaFlow.gschema.xml. */
#define MIN_WIDTH   360
#define MIN_HEIGHT  294
#define MAX_SIZE    32767

G_DEFINE_FINAL_TYPE (LfWindow, lf_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SHOW_TOUR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define TOUR_MARGIN 12

static char *
lf_window_dup_display_name (GFile *file)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *parse_name = NULL;

  if (path != NULL)
    return g_filename_display_basename (path);

  parse_name = g_file_get_parse_name (file);
  return g_path_get_basename (parse_name);
}

char *
lf_window_format_clock (LfTime t)
{
  gint64 tenths = MAX (t, 0) / 100000;
  gint64 seconds = tenths / 10;

  if (seconds >= 3600)
    return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d:%02d.%d", seconds / 3600,
                            (int) (seconds / 60 % 60), (int) (seconds % 60), (int) (tenths % 10));

  return g_strdup_printf ("%02d:%02d.%d", (int) (seconds / 60), (int) (seconds % 60), (int) (tenths % 10));
}

static char *
lf_window_format_speed (double speed)
{
  if (speed < 1.0)
    return g_strdup_printf ("×%.1f", speed);
  if (speed < 10.0 && fabs (speed - round (speed)) > 0.05)
    return g_strdup_printf ("×%.1f", speed);

  return g_strdup_printf ("×%.0f", speed);
}

static char *
lf_window_format_scale_value (GtkScale *scale,
                              double    value,
                              gpointer  user_data)
{
  return lf_window_format_speed (pow (10.0, value));
}

/* The clock, the speed and the play button follow the session. */
void
_lf_window_update_transport (LfWindow *self)
{
  g_autofree char *clock = lf_window_format_clock (lf_session_get_now (self->session));
  g_autofree char *speed = lf_window_format_speed (lf_session_get_speed (self->session));
  gboolean playing = lf_session_get_playing (self->session);

  g_autofree char *duration = lf_window_format_clock (lf_session_get_duration (self->session));
  g_autofree char *tooltip = g_strdup_printf (_("Simulated time, of %s"), duration);

  gtk_label_set_label (self->clock_label, clock);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->clock_label), tooltip);
  gtk_menu_button_set_label (self->speed_button, speed);
  gtk_button_set_icon_name (self->play_button, playing ? "media-playback-pause-symbolic"
                                                       : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->play_button), playing ? _("Pause (Space)") : _("Play (Space)"));
}

static void
lf_window_speed_changed_cb (LfWindow *self)
{
  double value = log10 (lf_session_get_speed (self->session));

  if (fabs (gtk_adjustment_get_value (self->speed_adjustment) - value) > 1e-6)
    gtk_adjustment_set_value (self->speed_adjustment, value);
  _lf_window_update_transport (self);
}

static void
lf_window_speed_scale_cb (LfWindow      *self,
                          GtkAdjustment *adjustment)
{
  double speed = pow (10.0, gtk_adjustment_get_value (adjustment));

  /* Snap near the marks so that ×1, ×10 and ×100 are easy to hit. */
  if (fabs (log10 (speed) - round (log10 (speed))) < 0.04)
    speed = pow (10.0, round (log10 (speed)));
  lf_session_set_speed (self->session, speed);
}

static void
lf_window_session_changed_cb (LfWindow *self)
{
  _lf_window_update_transport (self);
  _lf_window_actions_update (self);
}

/* ---- walkthrough ------------------------------------------------------------------- */

/* A scenario with a walkthrough shows its narration card over the bottom of the canvas
 * (unless the tour is turned off, win.show-tour); the canvas then advances the session
 * through the walkthrough, rings the step's highlight and glides to its focus. */

static gboolean
lf_window_has_tour (LfWindow *self)
{
  return lf_session_get_scenario (self->session) != NULL &&
         lf_walkthrough_get_n_steps (self->walkthrough) > 0 &&
         g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "canvas") == 0;
}

gboolean
lf_window_get_tour_shown (LfWindow *self)
{
  g_return_val_if_fail (LF_IS_WINDOW (self), FALSE);

  return gtk_widget_get_parent (self->tour_card) != NULL;
}

static void
lf_window_tour_show_step (LfWindow *self,
                          gboolean  animate)
{
  int current = lf_walkthrough_get_current (self->walkthrough);
  const LfWalkthroughStep *step = NULL;

  if (lf_window_get_tour_shown (self) && current >= 0)
    step = lf_walkthrough_get_step (self->walkthrough, (guint) current);

  lf_canvas_set_highlight (self->canvas, step != NULL ? (const char * const *) step->highlight : NULL);
  if (step != NULL && step->focus != NULL)
    lf_canvas_focus (self->canvas, step->focus, animate);
}

static void
lf_window_tour_step_changed_cb (LfWindow *self)
{
  lf_window_tour_show_step (self, TRUE);
  _lf_window_actions_update (self);
}

/* The card's height (with its bottom margin) where the overlay places it: as wide as it
 * likes within the overlay, and as tall as its text then wraps (a narrow window wraps it
 * more). Sizes measured include the card's margins. */
static int
lf_window_tour_card_height (LfWindow *self,
                            int       overlay_width)
{
  int min_width = 0, nat_width = 0, width, height = 0;

  gtk_widget_measure (self->tour_card, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, &nat_width, NULL, NULL);
  width = overlay_width > 0 ? MAX (min_width, MIN (nat_width, overlay_width)) : -1;
  gtk_widget_measure (self->tour_card, GTK_ORIENTATION_VERTICAL, width, NULL, &height, NULL, NULL);
  return height;
}

/* The overlay places its children on every allocation (a resize, the card's text
 * changing): the canvas's bottom inset follows the card's height there. */
static gboolean
lf_window_overlay_position_cb (LfWindow      *self,
                               GtkWidget     *child,
                               GdkRectangle  *allocation,
                               GtkOverlay    *overlay)
{
  if (child == self->tour_card)
    lf_canvas_set_bottom_inset (self->canvas, lf_window_tour_card_height (self, gtk_widget_get_width (GTK_WIDGET (overlay))) + TOUR_MARGIN);
  return FALSE;   /* placed as usual */
}

void
_lf_window_update_tour (LfWindow *self)
{
  gboolean has_tour = lf_window_has_tour (self);
  gboolean on = has_tour && self->show_tour;
  int height = 0;

  gtk_widget_set_visible (self->tour_button, has_tour);

  if (on && !lf_window_get_tour_shown (self))
    gtk_overlay_add_overlay (self->canvas_overlay, self->tour_card);
  else if (!on && lf_window_get_tour_shown (self))
    gtk_overlay_remove_overlay (self->canvas_overlay, self->tour_card);

  /* The zoom buttons go to the top while the card takes the bottom. */
  gtk_widget_set_valign (self->zoom_box, on ? GTK_ALIGN_START : GTK_ALIGN_END);
  if (on)
    height = lf_window_tour_card_height (self, gtk_widget_get_width (GTK_WIDGET (self->canvas_overlay)));
  lf_canvas_set_bottom_inset (self->canvas, on ? height + TOUR_MARGIN : 0);
  lf_canvas_set_walkthrough (self->canvas, on ? self->walkthrough : NULL);
  if (self->walkthrough)
    lf_walkthrough_set_following (self->walkthrough, on);
  lf_window_tour_show_step (self, FALSE);
}

static void
lf_window_set_show_tour (LfWindow *self,
                         gboolean  show_tour)
{
  show_tour = !!show_tour;
  if (self->show_tour == show_tour)
    return;

  self->show_tour = show_tour;
  _lf_window_update_tour (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_TOUR]);
}

/* The walkthrough's keys (Space, ←, →, Home, End) go to the card while it is shown,
 * before the window's own transport keys: the window's capture-phase key handler asks
 * here first. The card's own shortcut controller (managed scope) decides which keys it
 * takes and what they do; this runs its matching shortcut. */
gboolean
_lf_window_tour_key (LfWindow        *self,
                     guint            keyval,
                     GdkModifierType  state)
{
  GListModel *shortcuts = G_LIST_MODEL (self->tour_shortcuts);
  GdkModifierType mods = state & gtk_accelerator_get_default_mod_mask ();
  guint n;

  if (shortcuts == NULL || !lf_window_get_tour_shown (self) || !gtk_widget_get_visible (self->tour_card))
    return FALSE;

  n = g_list_model_get_n_items (shortcuts);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (shortcuts, i);
      GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

      if (!GTK_IS_KEYVAL_TRIGGER (trigger) ||
          gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) != gdk_keyval_to_lower (keyval) ||
          gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) != mods)
        continue;

      return gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, self->tour_card,
                                           gtk_shortcut_get_arguments (shortcut));
    }

  return FALSE;
}

static void
lf_window_init_tour (LfWindow *self)
{
  g_autoptr(GListModel) controllers = NULL;

  gtk_widget_set_size_request (GTK_WIDGET (self), MIN_WIDTH, MIN_HEIGHT);
  self->show_tour = TRUE;
  self->walkthrough = lf_walkthrough_new (self->session);
  self->tour_card = g_object_ref_sink (lf_walkthrough_player_new (self->walkthrough));
  gtk_widget_set_halign (self->tour_card, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (self->tour_card, GTK_ALIGN_END);
  gtk_widget_set_margin_bottom (self->tour_card, TOUR_MARGIN);
  gtk_widget_set_margin_start (self->tour_card, TOUR_MARGIN);
  gtk_widget_set_margin_end (self->tour_card, TOUR_MARGIN);

  /* The card's key shortcuts, found once (observing controllers is slow only while the
   * list is alive). */
  controllers = gtk_widget_observe_controllers (self->tour_card);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_SHORTCUT_CONTROLLER (controller))
        self->tour_shortcuts = GTK_SHORTCUT_CONTROLLER (controller);
    }

  g_signal_connect_swapped (self->walkthrough, "step-changed",
                            G_CALLBACK (lf_window_tour_step_changed_cb), self);
  g_signal_connect_swapped (self->canvas_overlay, "get-child-position",
                            G_CALLBACK (lf_window_overlay_position_cb), self);
}

LfWalkthrough *
lf_window_get_walkthrough (LfWindow *self)
{
  g_return_val_if_fail (LF_IS_WINDOW (self), NULL);

  return self->walkthrough;
}

GtkWidget *
lf_window_get_tour_card (LfWindow *self)
{
  g_return_val_if_fail (LF_IS_WINDOW (self), NULL);

  return self->tour_card;
}

/**
 * lf_window_go_to_step:
 * @self: a window showing a scenario with a walkthrough
 * @index: a step, from 0
 *
 * Goes to the beginning of the step (exactly, lf_walkthrough_go_to), paused.
 *
 * Returns: FALSE when there is no such step
 */
gboolean
lf_window_go_to_step (LfWindow *self,
                      guint     index)
{
  g_return_val_if_fail (LF_IS_WINDOW (self), FALSE);

  if (index >= lf_walkthrough_get_n_steps (self->walkthrough) ||
      !lf_walkthrough_go_to (self->walkthrough, index))
    return FALSE;

  lf_session_set_playing (self->session, FALSE);
  return TRUE;
}

/**
 * lf_window_go_to_time:
 * @self: a window showing a scenario
 * @at: a simulated time
 *
 * With a walkthrough, goes to the last step that begins at or before @at, then runs the
 * clock on to @at; without, seeks to @at. Paused.
 */
void
lf_window_go_to_time (LfWindow *self,
                      LfTime    at)
{
  guint n;

  g_return_if_fail (LF_IS_WINDOW (self));

  if (lf_session_get_scenario (self->session) == NULL)
    return;

  at = CLAMP (at, 0, lf_session_get_duration (self->session));
  n = lf_walkthrough_get_n_steps (self->walkthrough);
  if (n > 0)
    {
      guint index = 0;
      guint i;

      /* Going forward step by step goes on from the step before: cheap. */
      for (i = 0; i < n; i++)
        {
          lf_walkthrough_go_to (self->walkthrough, i);
          if (lf_walkthrough_get_step_start (self->walkthrough) > at)
            break;
          index = i;
        }
      if (lf_walkthrough_get_current (self->walkthrough) != (int) index)
        lf_walkthrough_go_to (self->walkthrough, index);
    }

  if (lf_session_get_now (self->session) < at)
    lf_session_seek (self->session, at);
  lf_session_set_playing (self->session, FALSE);
}

static void
lf_window_show_scenario (LfWindow *self,
                         GFile    *file)
{
  g_autofree char *name = lf_window_dup_display_name (file);
  g_autofree char *window_title = NULL;
  const char *title = lf_scenario_get_title (lf_session_get_scenario (self->session));
  gboolean titled = title != NULL && *title != '\0';

  g_free (self->scenario_title);
  self->scenario_title = g_strdup (titled ? title : name);
  window_title = g_strdup_printf ("%s — %s", self->scenario_title, _("Lambda Flow"));

  adw_window_title_set_title (self->window_title, self->scenario_title);
  adw_window_title_set_subtitle (self->window_title, titled ? name : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->window_title), self->scenario_title);
  gtk_window_set_title (GTK_WINDOW (self), window_title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->canvas),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->scenario_title, -1);
  gtk_widget_set_visible (self->transport, TRUE);
  gtk_widget_set_visible (self->panel_button, TRUE);
  gtk_stack_set_visible_child_name (self->stack, "canvas");
  gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
  _lf_window_update_tour (self);
}

/* Shows the start page again; the session keeps its scenario. */
void
lf_window_show_library (LfWindow *self)
{
  g_return_if_fail (LF_IS_WINDOW (self));

  lf_session_set_playing (self->session, FALSE);
  gtk_widget_set_visible (self->transport, FALSE);
  gtk_widget_set_visible (self->panel_button, FALSE);
  adw_window_title_set_title (self->window_title, _("Lambda Flow"));
  adw_window_title_set_subtitle (self->window_title, "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->window_title), NULL);
  gtk_window_set_title (GTK_WINDOW (self), _("Lambda Flow"));
  gtk_stack_set_visible_child_name (self->stack, "start");
  _lf_window_update_tour (self);
  _lf_window_actions_update (self);
}

/* The toast's "Details": every problem, selectable (lf-problems-dialog.h) */
static void
on_error_details (AdwToast *toast,
                  LfWindow *self)
{
  GtkWidget *dialog = lf_problems_dialog_new (GTK_WINDOW (self),
                                              g_object_get_data (G_OBJECT (toast), "lf-file-name"),
                                              g_object_get_data (G_OBJECT (toast), "lf-details"));

  gtk_window_present (GTK_WINDOW (dialog));
}

static void
lf_window_show_error (LfWindow     *self,
                      GFile        *file,
                      const GError *error)
{
  g_autofree char *name = lf_window_dup_display_name (file);
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *basename = g_file_get_basename (file);
  const char *problem = error->message;
  g_autofree char *message = NULL;
  g_autofree char *markup = NULL;
  AdwToast *toast;

  /* Core starts its messages with the file ("name: path: message" or the full path);
   * the toast names the file once. */
  if (path != NULL && g_str_has_prefix (problem, path))
    problem += strlen (path);
  else if (basename != NULL && g_str_has_prefix (problem, basename))
    problem += strlen (basename);
  while (*problem == ':' || *problem == ' ')
    problem++;

  message = g_strdup_printf (_("Could not open “%s”: %s"), name, problem);
  g_debug ("%s", message);

  markup = g_markup_escape_text (message, -1);
  toast = adw_toast_new (markup);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (toast, 10);
  /* a long list is cut off in the toast: the full one is a click away */
  adw_toast_set_button_label (toast, _("_Details"));
  g_object_set_data_full (G_OBJECT (toast), "lf-file-name", g_strdup (name), g_free);
  g_object_set_data_full (G_OBJECT (toast), "lf-details",
                          lf_problems_format (name, lf_session_get_load_problems (self->session), problem),
                          g_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_error_details), self, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/**
 * lf_window_open_file:
 * @self: a window
 * @file: a scenario file (`*.lflow.json`)
 *
 * Loads the scenario in @file into the window's session and shows it, paused at
 * t = 0. A file that cannot be read, parsed or validated leaves the window as it was
 * and says why in a toast.
 *
 * Returns: whether the scenario was opened
 */
gboolean
lf_window_open_file (LfWindow *self,
                     GFile    *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;

  g_return_val_if_fail (LF_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  /* Unsaved work is never replaced: the file opens in a window of its own. */
  if (self->document != NULL && lf_document_get_dirty (self->document) && !self->replace_unsaved)
    {
      LfWindow *other = lf_window_new (LF_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))));
      gboolean opened = lf_window_open_file (other, file);

      gtk_window_present (GTK_WINDOW (other));
      return opened;
    }

  if (!lf_session_load_file (self->session, file, &error))
    {
      lf_window_show_error (self, file, error);
      return FALSE;
    }

  /* The document is the editable copy; the session already runs the same content. */
  {
    g_autofree char *data = lf_scenario_to_data (lf_session_get_scenario (self->session), NULL);
    g_autoptr(LfScenario) copy = lf_scenario_load_from_data (data, -1, NULL, NULL, NULL);
    g_autoptr(LfDocument) document = lf_document_new (copy, file);

    _lf_window_set_document (self, document, FALSE);
  }

  /* A walkthrough opens at its first step, paused ("Step 1 of N"). */
  if (lf_walkthrough_get_n_steps (self->walkthrough) > 0)
    lf_window_go_to_step (self, 0);

  lf_window_show_scenario (self, file);
  _lf_window_update_title (self);
  _lf_window_actions_update (self);

  uri = g_file_get_uri (file);
  g_settings_set_string (self->settings, "last-scenario", uri);
  gtk_recent_manager_add_item (gtk_recent_manager_get_default (), uri);

  return TRUE;
}

/**
 * lf_window_get_file:
 * @self: a window
 *
 * Returns: (transfer none) (nullable): the file of the open scenario
 */
GFile *
lf_window_get_file (LfWindow *self)
{
  g_return_val_if_fail (LF_IS_WINDOW (self), NULL);

  /* The document's file: Save As moves it; a new architecture has none */
  if (self->document != NULL)
    return lf_document_get_file (self->document);
  return lf_session_get_file (self->session);
}

/**
 * lf_window_get_scenario_title:
 * @self: a window
 *
 * Returns: (nullable): the title shown for the open scenario: its `title`, or the
 *   name of its file when it has none
 */
const char *
lf_window_get_scenario_title (LfWindow *self)
{
  g_return_val_if_fail (LF_IS_WINDOW (self), NULL);

  return self->scenario_title;
}

LfSession *
lf_window_get_session (LfWindow *self)
{
  g_return_val_if_fail (LF_IS_WINDOW (self), NULL);

  return self->session;
}

LfCanvas *
lf_window_get_canvas (LfWindow *self)
{
  g_return_val_if_fail (LF_IS_WINDOW (self), NULL);

  return self->canvas;
}

LfStartPage *
lf_window_get_start_page (LfWindow *self)
{
  g_return_val_if_fail (LF_IS_WINDOW (self), NULL);

  return self->start_page;
}

/* ---- drag and drop ----------------------------------------------------------------- */

static gboolean
lf_window_drop_cb (LfWindow      *self,
                   const GValue  *value,
                   double         x,
                   double         y,
                   GtkDropTarget *target)
{
  GSList *files;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;

  files = g_value_get_boxed (value);
  if (files == NULL)
    return FALSE;

  return lf_window_open_file (self, files->data);
}

static void
lf_window_add_drop_target (LfWindow *self)
{
  GtkDropTarget *target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

  g_signal_connect_swapped (target, "drop", G_CALLBACK (lf_window_drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
}

/* ---- panels ------------------------------------------------------------------------ */

static void
lf_window_add_panel (LfWindow   *self,
                     GtkWidget  *panel,
                     const char *name,
                     const char *title,
                     const char *icon_name)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), panel);
  adw_view_stack_add_titled_with_icon (self->panel_stack, scrolled, name, title, icon_name);
}

/* A value the simulation refused (out of AWS's range): say why in a toast too */
static void
on_value_refused (GtkWidget  *panel,
                  const char *path,
                  const char *message,
                  LfWindow   *self)
{
  g_autofree char *text = g_markup_printf_escaped ("%s: %s", path, message);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

/* Record mode (win.record): the panel scrolls its own list under its Stop and Save. */
static void
lf_window_add_recorder_panel (LfWindow *self)
{
  g_autofree char *library = lf_application_dup_data_dir ("scenarios");

  self->recorder_panel = lf_recorder_panel_new (self->session);
  lf_recorder_panel_set_library_dir (LF_RECORDER_PANEL (self->recorder_panel), library);
  _lf_window_record_init (self);
  /* In a scrolled window that does not pass on its natural width, like the other panels:
   * the status page's one-line description would otherwise widen the whole side panel */
  {
    GtkWidget *scrolled = gtk_scrolled_window_new ();

    gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_NEVER);
    gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), self->recorder_panel);
    adw_view_stack_add_titled_with_icon (self->panel_stack, scrolled, "recording",
                                         _("Recording"), "media-record-symbolic");
  }
}

static void
lf_window_add_panels (LfWindow *self)
{
  GtkWidget *inspector = lf_inspector_new (self->session);

  self->inspector = LF_INSPECTOR (inspector);
  GtkWidget *faults = lf_fault_panel_new (self->session);

  g_signal_connect_object (inspector, "value-refused", G_CALLBACK (on_value_refused), self, 0);
  g_signal_connect_object (faults, "value-refused", G_CALLBACK (on_value_refused), self, 0);
  lf_window_add_panel (self, inspector, "inspector", _("Inspector"), "document-properties-symbolic");
  lf_window_add_panel (self, faults, "faults", _("Faults"), "dialog-warning-symbolic");
  lf_window_add_panel (self, lf_log_view_new (self->session), "log",
                       _("Log"), "view-list-symbolic");
  lf_window_add_panel (self, lf_chart_view_new (self->session), "charts",
                       _("Charts"), "lf-chart-symbolic");
  lf_window_add_recorder_panel (self);
}

/* ---- state ------------------------------------------------------------------------- */

static void
lf_window_restore_state (LfWindow *self)
{
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));

  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
lf_window_save_state (LfWindow *self)
{
  gboolean maximized = gtk_window_is_maximized (GTK_WINDOW (self));
  int width = 0;
  int height = 0;

  /* The default size follows the window's size while it is neither maximized nor
   * fullscreen, so it is the size to come back to. */
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);

  g_settings_delay (self->settings);
  if (width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", CLAMP (width, MIN_WIDTH, MAX_SIZE));
      g_settings_set_int (self->settings, "window-height", CLAMP (height, MIN_HEIGHT, MAX_SIZE));
    }
  g_settings_set_boolean (self->settings, "window-maximized", maximized);
  g_settings_apply (self->settings);
}

static gboolean
lf_window_close_request (GtkWindow *window)
{
  LfWindow *self = LF_WINDOW (window);

  if (_lf_window_design_close_request (self))
    return TRUE;
  lf_session_set_playing (self->session, FALSE);
  lf_window_save_state (self);

  return GTK_WINDOW_CLASS (lf_window_parent_class)->close_request (window);
}

static void
lf_window_dispose (GObject *object)
{
  LfWindow *self = LF_WINDOW (object);

  if (self->file_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->file_chooser));
  g_clear_object (&self->file_chooser);
  if (self->export_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->export_chooser));
  g_clear_object (&self->export_chooser);

  if (self->video_cancellable != NULL)
    g_cancellable_cancel (self->video_cancellable);
  g_clear_handle_id (&self->video_progress_id, g_source_remove);
  if (self->video_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->video_chooser));
  g_clear_object (&self->video_chooser);
  if (self->video_dialog != NULL)
    gtk_window_destroy (self->video_dialog);
  self->video_dialog = NULL;
  self->video_progress = NULL;

  _lf_window_design_dispose (self);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  if (self->walkthrough != NULL)
    g_signal_handlers_disconnect_by_data (self->walkthrough, self);
  if (self->canvas != NULL)
    lf_canvas_set_walkthrough (self->canvas, NULL);
  if (self->tour_card != NULL && gtk_widget_get_parent (self->tour_card) != NULL)
    gtk_overlay_remove_overlay (self->canvas_overlay, self->tour_card);
  self->tour_shortcuts = NULL;
  g_clear_object (&self->tour_card);
  g_clear_object (&self->walkthrough);

  gtk_widget_dispose_template (GTK_WIDGET (self), LF_TYPE_WINDOW);

  G_OBJECT_CLASS (lf_window_parent_class)->dispose (object);
}

static void
lf_window_finalize (GObject *object)
{
  LfWindow *self = LF_WINDOW (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->video_cancellable);
  g_clear_object (&self->session);
  g_clear_pointer (&self->scenario_title, g_free);

  G_OBJECT_CLASS (lf_window_parent_class)->finalize (object);
}

static void
lf_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  LfWindow *self = LF_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SHOW_TOUR:
      g_value_set_boolean (value, self->show_tour);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lf_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  LfWindow *self = LF_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SHOW_TOUR:
      lf_window_set_show_tour (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lf_window_class_init (LfWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = lf_window_dispose;
  object_class->finalize = lf_window_finalize;
  object_class->get_property = lf_window_get_property;
  object_class->set_property = lf_window_set_property;

  /* Whether a scenario's walkthrough is shown (win.show-tour). */
  properties[PROP_SHOW_TOUR] =
    g_param_spec_boolean ("show-tour", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  window_class->close_request = lf_window_close_request;

  g_type_ensure (LF_TYPE_CANVAS);
  g_type_ensure (LF_TYPE_START_PAGE);
  g_type_ensure (LF_TYPE_NODE_PALETTE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/lambdaflow/LambdaFlow/ui/lf-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LfWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, start_page);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, canvas);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, panel_stack);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, transport);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, panel_button);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, play_button);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, speed_button);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, speed_scale);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, speed_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, clock_label);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, canvas_overlay);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, tour_button);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, zoom_box);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, palette_revealer);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, palette);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, palette_button);

  _lf_window_class_actions_init (klass);
  _lf_window_class_design_init (klass);
}

static void
lf_window_init_speed_scale (LfWindow *self)
{
  static const double marks[] = { 0.1, 1, 10, 100, 1000 };

  for (guint i = 0; i < G_N_ELEMENTS (marks); i++)
    {
      g_autofree char *label = lf_window_format_speed (marks[i]);

      gtk_scale_add_mark (self->speed_scale, log10 (marks[i]), GTK_POS_BOTTOM, label);
    }
  gtk_scale_set_format_value_func (self->speed_scale, lf_window_format_scale_value, NULL, NULL);
  gtk_adjustment_set_value (self->speed_adjustment, log10 (lf_session_get_speed (self->session)));
  g_signal_connect_swapped (self->speed_adjustment, "value-changed",
                            G_CALLBACK (lf_window_speed_scale_cb), self);
}

static void
lf_window_init (LfWindow *self)
{
  g_autofree char *icons = lf_application_dup_data_dir ("icons/nodes");
  g_autofree char *scenarios = lf_application_dup_data_dir ("scenarios");

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (LF_APP_ID);
  self->session = lf_session_new ();
  lf_canvas_set_session (self->canvas, self->session);
  lf_canvas_set_icon_dir (self->canvas, icons);
  lf_start_page_set_icon_dir (self->start_page, icons);
  lf_start_page_set_scenario_dir (self->start_page, scenarios);
  lf_window_add_panels (self);
  lf_window_add_drop_target (self);
  lf_window_init_speed_scale (self);
  lf_window_init_tour (self);
  _lf_window_design_init (self, icons);

  g_signal_connect_swapped (self->session, "notify::now", G_CALLBACK (_lf_window_update_transport), self);
  g_signal_connect_swapped (self->session, "notify::speed", G_CALLBACK (lf_window_speed_changed_cb), self);
  g_signal_connect_swapped (self->session, "notify::playing", G_CALLBACK (lf_window_session_changed_cb), self);
  g_signal_connect_swapped (self->session, "notify::scenario", G_CALLBACK (lf_window_session_changed_cb), self);
  g_signal_connect_swapped (self->session, "restarted", G_CALLBACK (lf_window_session_changed_cb), self);
  g_signal_connect_swapped (self->session, "advanced", G_CALLBACK (_lf_window_actions_update), self);

  lf_window_restore_state (self);

  _lf_window_actions_init (self);
  _lf_window_actions_update (self);
  _lf_window_update_transport (self);
}

LfWindow *
lf_window_new (LfApplication *application)
{
  g_return_val_if_fail (LF_IS_APPLICATION (application), NULL);

  return g_object_new (LF_TYPE_WINDOW,
                       "application", application,
                       NULL);
}
