/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* lf-walkthrough-player.c: the narration card (see lf-walkthrough-player.h) */
#define G_LOG_DOMAIN "lf-walkthrough-player"

#include "lf-walkthrough-player.h"

#include <math.h>

struct _LfWalkthroughPlayer {
  GtkWidget      parent_instance;
  LfWalkthrough *walkthrough;
  GtkWidget     *box;
  GtkWidget     *counter;
  GtkWidget     *state;
  GtkWidget     *title;
  GtkWidget     *text;
  GtkWidget     *scale;
  GtkWidget     *previous;
  GtkWidget     *play;
  GtkWidget     *next;
  guint          n_marks;
  gboolean       updating;
  gulong         step_id, play_through_id, playing_id, done_id, pending_id;
};

G_DEFINE_FINAL_TYPE (LfWalkthroughPlayer, lf_walkthrough_player, GTK_TYPE_WIDGET)

static void
set_markup_safely (GtkLabel *label, const char *markup)
{
  if (pango_parse_markup (markup, -1, 0, NULL, NULL, NULL, NULL))
    gtk_label_set_markup (label, markup);
  else
    gtk_label_set_text (label, markup);
}

static void
update (LfWalkthroughPlayer *self)
{
  LfWalkthrough *w = self->walkthrough;
  LfSession *session = lf_walkthrough_get_session (w);
  guint n = lf_walkthrough_get_n_steps (w);
  int pending = lf_walkthrough_get_pending (w);
  int current = pending >= 0 ? pending : lf_walkthrough_get_current (w);
  const LfWalkthroughStep *step = lf_walkthrough_get_step (w, (guint) MAX (current, 0));
  g_autofree char *replaying = NULL;
  gboolean running = lf_walkthrough_get_play_through (w) && lf_session_get_playing (session);
  g_autofree char *counter = NULL;
  const char *state = "";

  gtk_widget_set_visible (GTK_WIDGET (self), n > 0);
  if (n == 0)
    return;
  self->updating = TRUE;
  if (self->n_marks != n)
    {
      gtk_scale_clear_marks (GTK_SCALE (self->scale));
      /* a one-step tour has nothing to scrub (a range of 0 … 0 cannot be drawn) */
      gtk_range_set_range (GTK_RANGE (self->scale), 0, MAX (n - 1, 1));
      for (guint i = 0; i < n; i++)
        gtk_scale_add_mark (GTK_SCALE (self->scale), i, GTK_POS_BOTTOM, NULL);
      gtk_widget_set_visible (self->scale, n > 1);
      self->n_marks = n;
    }
  gtk_range_set_value (GTK_RANGE (self->scale), MAX (current, 0));
  counter = current < 0 ? g_strdup_printf ("%u steps", n)
                        : g_strdup_printf ("Step %d of %u", current + 1, n);
  gtk_label_set_text (GTK_LABEL (self->counter), counter);
  gtk_label_set_text (GTK_LABEL (self->title), step->title);
  set_markup_safely (GTK_LABEL (self->text), step->text);
  if (pending >= 0)
    state = replaying = g_strdup_printf ("Going to step %d… %d %%", pending + 1,
                                         (int) (lf_walkthrough_get_progress (w) * 100));
  else if (current >= 0)
    {
      if (step->until == LF_UNTIL_USER)
        state = "Press → when you are ready";
      else if (lf_walkthrough_get_step_done (w) && (guint) current + 1 < n)
        state = "Press → to go on";
      else if (!lf_session_get_playing (session) && !lf_walkthrough_get_step_done (w))
        state = "Press Space to play";
    }
  gtk_label_set_text (GTK_LABEL (self->state), state);
  gtk_widget_set_sensitive (self->previous, current > 0);
  gtk_widget_set_sensitive (self->next, current < 0 || (guint) current + 1 < n);
  gtk_button_set_icon_name (GTK_BUTTON (self->play),
                            running ? "media-playback-pause-symbolic" : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (self->play, running ? "Pause (Space)" : "Play through the steps (Space)");
  self->updating = FALSE;
}

/* ---- actions ------------------------------------------------------------------------ */

/* Moves between steps are bounded replays (lf_walkthrough_request): the window stays
 * live, and keys pressed while one is on its way add up to the last step asked for. */
static void
go_previous (LfWalkthroughPlayer *self)
{
  lf_walkthrough_request_previous (self->walkthrough);
}

static void
go_next (LfWalkthroughPlayer *self)
{
  lf_walkthrough_request_next (self->walkthrough);
}

static void
go_first (LfWalkthroughPlayer *self)
{
  if (lf_walkthrough_get_n_steps (self->walkthrough) > 0)
    lf_walkthrough_request (self->walkthrough, 0);
}

static void
go_last (LfWalkthroughPlayer *self)
{
  guint n = lf_walkthrough_get_n_steps (self->walkthrough);

  if (n > 0)
    lf_walkthrough_request (self->walkthrough, n - 1);
}

/* Space: play through the steps from here, or pause. */
static void
toggle_play (LfWalkthroughPlayer *self)
{
  LfWalkthrough *w = self->walkthrough;
  LfSession *session = lf_walkthrough_get_session (w);
  gboolean running = lf_walkthrough_get_play_through (w) && lf_session_get_playing (session);

  if (lf_walkthrough_get_pending (w) >= 0)
    return;                             /* a replay owns the clock until it lands */
  if (running)
    {
      lf_walkthrough_set_play_through (w, FALSE);
      lf_session_set_playing (session, FALSE);
      return;
    }
  if (lf_walkthrough_get_current (w) < 0)
    go_first (self);
  lf_walkthrough_set_play_through (w, TRUE);
  if (lf_walkthrough_get_pending (w) >= 0)
    return;                             /* plays once the first step is reached */
  /* a step whose wait is over moves on first (a "user" step waits for the user: this) */
  if (lf_walkthrough_get_step_done (w) ||
      lf_walkthrough_get_step (w, (guint) lf_walkthrough_get_current (w))->until == LF_UNTIL_USER)
    lf_walkthrough_next (w);
  lf_session_set_playing (session, TRUE);
  update (self);
}

static void
on_scale_changed (GtkRange *range, LfWalkthroughPlayer *self)
{
  guint n = lf_walkthrough_get_n_steps (self->walkthrough);
  int index = (int) lround (gtk_range_get_value (range));
  int shown = lf_walkthrough_get_pending (self->walkthrough);

  if (self->updating || n == 0)
    return;
  index = CLAMP (index, 0, (int) n - 1);       /* a one-step tour's range is 0 … 1 */
  if (shown < 0)
    shown = lf_walkthrough_get_current (self->walkthrough);
  if (index != shown)
    lf_walkthrough_request (self->walkthrough, (guint) index);
  else
    update (self);
}

static gboolean
shortcut_cb (GtkWidget *widget, GVariant *args, gpointer user_data)
{
  void (*action) (LfWalkthroughPlayer *) = user_data;

  if (!gtk_widget_get_visible (widget))
    return FALSE;
  action (LF_WALKTHROUGH_PLAYER (widget));
  return TRUE;
}

static void
add_shortcut (GtkShortcutController *controller, guint key, void (*action) (LfWalkthroughPlayer *))
{
  gtk_shortcut_controller_add_shortcut (controller,
    gtk_shortcut_new (gtk_keyval_trigger_new (key, 0),
                      gtk_callback_action_new (shortcut_cb, (gpointer) action, NULL)));
}

/* ---- signals ------------------------------------------------------------------------ */

static void
on_changed (LfWalkthroughPlayer *self)
{
  update (self);
}

/* ---- GObject ------------------------------------------------------------------------ */

static void
lf_walkthrough_player_dispose (GObject *object)
{
  LfWalkthroughPlayer *self = LF_WALKTHROUGH_PLAYER (object);

  if (self->walkthrough)
    {
      LfSession *session = lf_walkthrough_get_session (self->walkthrough);
      g_clear_signal_handler (&self->step_id, self->walkthrough);
      g_clear_signal_handler (&self->play_through_id, self->walkthrough);
      g_clear_signal_handler (&self->done_id, self->walkthrough);
      g_clear_signal_handler (&self->pending_id, self->walkthrough);
      if (session)
        g_clear_signal_handler (&self->playing_id, session);
      g_clear_object (&self->walkthrough);
    }
  g_clear_pointer (&self->box, gtk_widget_unparent);
  G_OBJECT_CLASS (lf_walkthrough_player_parent_class)->dispose (object);
}

static void
lf_walkthrough_player_class_init (LfWalkthroughPlayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lf_walkthrough_player_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "walkthrough-player");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static GtkWidget *
icon_button (const char *icon, const char *tooltip)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_add_css_class (button, "circular");
  gtk_widget_add_css_class (button, "flat");
  return button;
}

static void
lf_walkthrough_player_init (LfWalkthroughPlayer *self)
{
  GtkWidget *header, *buttons;
  GtkEventController *shortcuts;

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  gtk_widget_add_css_class (self->box, "osd");
  gtk_widget_add_css_class (self->box, "card");
  gtk_widget_set_size_request (self->box, 380, -1);

  header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_margin_top (header, 12);
  gtk_widget_set_margin_start (header, 16);
  gtk_widget_set_margin_end (header, 16);
  self->counter = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->counter, "caption-heading");
  gtk_widget_add_css_class (self->counter, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (self->counter), 0);
  gtk_widget_set_hexpand (self->counter, TRUE);
  self->state = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->state, "caption");
  gtk_widget_add_css_class (self->state, "dim-label");
  gtk_box_append (GTK_BOX (header), self->counter);
  gtk_box_append (GTK_BOX (header), self->state);
  gtk_box_append (GTK_BOX (self->box), header);

  self->title = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->title, "title-4");
  gtk_label_set_xalign (GTK_LABEL (self->title), 0);
  gtk_label_set_wrap (GTK_LABEL (self->title), TRUE);
  gtk_widget_set_margin_start (self->title, 16);
  gtk_widget_set_margin_end (self->title, 16);
  gtk_box_append (GTK_BOX (self->box), self->title);

  self->text = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->text), 0);
  gtk_label_set_yalign (GTK_LABEL (self->text), 0);
  gtk_label_set_wrap (GTK_LABEL (self->text), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (self->text), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (GTK_LABEL (self->text), 52);
  gtk_label_set_width_chars (GTK_LABEL (self->text), 40);
  gtk_label_set_lines (GTK_LABEL (self->text), 8);
  gtk_label_set_ellipsize (GTK_LABEL (self->text), PANGO_ELLIPSIZE_END);
  gtk_widget_set_margin_start (self->text, 16);
  gtk_widget_set_margin_end (self->text, 16);
  gtk_box_append (GTK_BOX (self->box), self->text);

  self->scale = gtk_scale_new_with_range (GTK_ORIENTATION_HORIZONTAL, 0, 1, 1);
  gtk_scale_set_draw_value (GTK_SCALE (self->scale), FALSE);
  gtk_range_set_round_digits (GTK_RANGE (self->scale), 0);
  gtk_widget_set_margin_start (self->scale, 10);
  gtk_widget_set_margin_end (self->scale, 10);
  gtk_widget_set_tooltip_text (self->scale, "Go to a step (Home, End)");
  gtk_box_append (GTK_BOX (self->box), self->scale);

  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_halign (buttons, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_bottom (buttons, 10);
  self->previous = icon_button ("go-previous-symbolic", "Previous step (←)");
  self->play = icon_button ("media-playback-start-symbolic", "Play through the steps (Space)");
  gtk_widget_remove_css_class (self->play, "flat");
  self->next = icon_button ("go-next-symbolic", "Next step (→)");
  gtk_box_append (GTK_BOX (buttons), self->previous);
  gtk_box_append (GTK_BOX (buttons), self->play);
  gtk_box_append (GTK_BOX (buttons), self->next);
  gtk_box_append (GTK_BOX (self->box), buttons);

  g_signal_connect_swapped (self->previous, "clicked", G_CALLBACK (go_previous), self);
  g_signal_connect_swapped (self->next, "clicked", G_CALLBACK (go_next), self);
  g_signal_connect_swapped (self->play, "clicked", G_CALLBACK (toggle_play), self);
  g_signal_connect (self->scale, "value-changed", G_CALLBACK (on_scale_changed), self);

  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_MANAGED);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), GDK_KEY_space, toggle_play);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), GDK_KEY_Left, go_previous);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), GDK_KEY_Right, go_next);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), GDK_KEY_Home, go_first);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), GDK_KEY_End, go_last);
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
}

GtkWidget *
lf_walkthrough_player_new (LfWalkthrough *walkthrough)
{
  LfWalkthroughPlayer *self;

  g_return_val_if_fail (LF_IS_WALKTHROUGH (walkthrough), NULL);
  self = g_object_new (LF_TYPE_WALKTHROUGH_PLAYER, NULL);
  self->walkthrough = g_object_ref (walkthrough);
  self->step_id = g_signal_connect_swapped (walkthrough, "step-changed", G_CALLBACK (on_changed), self);
  self->done_id = g_signal_connect_swapped (walkthrough, "step-done", G_CALLBACK (on_changed), self);
  self->play_through_id = g_signal_connect_swapped (walkthrough, "notify::play-through",
                                                    G_CALLBACK (on_changed), self);
  self->pending_id = g_signal_connect_swapped (walkthrough, "notify::pending",
                                               G_CALLBACK (on_changed), self);
  self->playing_id = g_signal_connect_swapped (lf_walkthrough_get_session (walkthrough), "notify::playing",
                                               G_CALLBACK (on_changed), self);
  update (self);
  return GTK_WIDGET (self);
}

LfWalkthrough *
lf_walkthrough_player_get_walkthrough (LfWalkthroughPlayer *self)
{
  g_return_val_if_fail (LF_IS_WALKTHROUGH_PLAYER (self), NULL);
  return self->walkthrough;
}
