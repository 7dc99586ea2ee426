/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* lf-video-dialog.c: Export Video's options (see lf-video-dialog.h) */
#define G_LOG_DOMAIN "lf-video-dialog"

#include <glib/gi18n.h>
#include <string.h>

#include "lf-video-dialog.h"

struct _LfVideoDialog
{
  AdwWindow             parent_instance;

  AdwComboRow          *size_row;
  GtkWidget            *width_row;
  GtkWidget            *height_row;
  GtkSpinButton        *width_spin;
  GtkSpinButton        *height_spin;
  AdwComboRow          *fps_row;
  AdwComboRow          *format_row;
  AdwActionRow         *file_row;

  LfWindow             *window;       /* weak */
  GFile                *file;
  char                 *path;
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (LfVideoDialog, lf_video_dialog, ADW_TYPE_WINDOW)

static const int presets[][2] = { { 1280, 720 }, { 1920, 1080 }, { 854, 480 } };
static const int rates[] = { 24, 30, 60 };

static LfVideoFormat
get_format (LfVideoDialog *self)
{
  return adw_combo_row_get_selected (self->format_row) == LF_VIDEO_FORMAT_FRAMES ? LF_VIDEO_FORMAT_FRAMES
                                                                                  : LF_VIDEO_FORMAT_WEBM;
}

static void
update_file_row (LfVideoDialog *self)
{
  g_autofree char *shown = self->file ? g_file_get_parse_name (self->file) : g_strdup ("");
  const char *home = g_get_home_dir ();
  g_autofree char *escaped = NULL;

  /* ~/Videos/x.webm rather than /home/someone/Videos/x.webm */
  if (g_str_has_prefix (shown, home) && shown[strlen (home)] == '/')
    {
      char *tilde = g_strconcat ("~", shown + strlen (home), NULL);
      g_free (shown);
      shown = tilde;
    }
  escaped = g_markup_escape_text (shown, -1);
  adw_action_row_set_subtitle (self->file_row, escaped);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->file_row), shown);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "video.export", self->path != NULL);
}

void
lf_video_dialog_set_file (LfVideoDialog *self,
                          GFile         *file)
{
  g_return_if_fail (LF_IS_VIDEO_DIALOG (self));

  g_set_object (&self->file, file);
  g_free (self->path);
  self->path = file ? g_file_get_path (file) : NULL;
  update_file_row (self);
}

GFile *
lf_video_dialog_get_file (LfVideoDialog *self)
{
  g_return_val_if_fail (LF_IS_VIDEO_DIALOG (self), NULL);
  return self->file;
}

/* A name for the output next to where it would go that does not exist yet: Export never
 * replaces something it was not told to (a chosen file is the user's say). */
static GFile *
unused_file (GFile      *folder,
             const char *stem,
             const char *suffix)
{
  for (guint i = 1; i < 1000; i++)
    {
      g_autofree char *name = i == 1 ? g_strconcat (stem, suffix, NULL)
                                     : g_strdup_printf ("%s-%u%s", stem, i, suffix);
      GFile *file = g_file_get_child (folder, name);

      if (!g_file_query_exists (file, NULL))
        return file;
      g_object_unref (file);
    }
  return g_file_get_child (folder, stem);
}

/* The scenario's name in the Videos folder: NAME.webm, or NAME-frames/ for frames. */
static void
suggest_file (LfVideoDialog *self)
{
  GFile *scenario = self->window ? lf_window_get_file (self->window) : NULL;
  g_autofree char *base = scenario ? g_file_get_basename (scenario) : g_strdup ("walkthrough");
  const char *videos = g_get_user_special_dir (G_USER_DIRECTORY_VIDEOS);
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GFile) file = NULL;
  char *dot;

  if (self->file != NULL)
    folder = g_file_get_parent (self->file);
  else if (videos != NULL && g_file_test (videos, G_FILE_TEST_IS_DIR))
    folder = g_file_new_for_path (videos);
  else
    folder = g_file_new_for_path (g_get_home_dir ());
  if ((dot = strstr (base, ".lflow.json")) != NULL || (dot = strrchr (base, '.')) != NULL)
    *dot = '\0';
  if (get_format (self) == LF_VIDEO_FORMAT_FRAMES)
    file = unused_file (folder, base, "-frames");
  else
    file = unused_file (folder, base, ".webm");
  lf_video_dialog_set_file (self, file);
}

static void
on_size_changed (LfVideoDialog *self)
{
  guint size = adw_combo_row_get_selected (self->size_row);
  gboolean custom = size >= G_N_ELEMENTS (presets);

  gtk_widget_set_visible (self->width_row, custom);
  gtk_widget_set_visible (self->height_row, custom);
  if (!custom)
    {
      gtk_spin_button_set_value (self->width_spin, presets[size][0]);
      gtk_spin_button_set_value (self->height_spin, presets[size][1]);
    }
}

static void
on_format_changed (LfVideoDialog *self)
{
  g_autofree char *name = self->file ? g_file_get_basename (self->file) : NULL;
  gboolean frames = get_format (self) == LF_VIDEO_FORMAT_FRAMES;
  char *end;

  /* x.webm ↔ x-frames, keeping the folder and the stem */
  if (name != NULL)
    {
      if ((end = g_strrstr (name, frames ? ".webm" : "-frames")) != NULL)
        *end = '\0';
      {
        g_autoptr(GFile) folder = g_file_get_parent (self->file);
        g_autoptr(GFile) file = unused_file (folder, name, frames ? "-frames" : ".webm");
        lf_video_dialog_set_file (self, file);
      }
    }
  else
    suggest_file (self);
}

void
lf_video_dialog_set_size (LfVideoDialog *self,
                          LfVideoSize    size,
                          int            custom_width,
                          int            custom_height)
{
  g_return_if_fail (LF_IS_VIDEO_DIALOG (self));

  adw_combo_row_set_selected (self->size_row, MIN ((guint) size, LF_VIDEO_SIZE_CUSTOM));
  if (size == LF_VIDEO_SIZE_CUSTOM)
    {
      gtk_spin_button_set_value (self->width_spin, custom_width);
      gtk_spin_button_set_value (self->height_spin, custom_height);
    }
}

void
lf_video_dialog_set_fps (LfVideoDialog *self,
                         int            fps)
{
  g_return_if_fail (LF_IS_VIDEO_DIALOG (self));

  for (guint i = 0; i < G_N_ELEMENTS (rates); i++)
    if (rates[i] == fps)
      adw_combo_row_set_selected (self->fps_row, i);
}

void
lf_video_dialog_set_format (LfVideoDialog *self,
                            LfVideoFormat  format)
{
  g_return_if_fail (LF_IS_VIDEO_DIALOG (self));
  adw_combo_row_set_selected (self->format_row, format);
}

void
lf_video_dialog_get_settings (LfVideoDialog   *self,
                              LfVideoSettings *settings)
{
  guint fps = adw_combo_row_get_selected (self->fps_row);

  g_return_if_fail (LF_IS_VIDEO_DIALOG (self));

  memset (settings, 0, sizeof *settings);
  /* the encoder wants even sizes, as --size does */
  settings->width = gtk_spin_button_get_value_as_int (self->width_spin) & ~1;
  settings->height = gtk_spin_button_get_value_as_int (self->height_spin) & ~1;
  settings->fps = rates[MIN (fps, G_N_ELEMENTS (rates) - 1)];
  if (get_format (self) == LF_VIDEO_FORMAT_FRAMES)
    settings->frames_dir = self->path;
  else
    settings->output = self->path;
}

/* ---- choosing the file ------------------------------------------------------------- */

static void
on_chooser_response (LfVideoDialog *self,
                     int            response)
{
  g_autoptr(GtkFileChooserNative) chooser = g_steal_pointer (&self->chooser);
  g_autoptr(GFile) file = NULL;
  g_autofree char *name = NULL;

  if (response != GTK_RESPONSE_ACCEPT)
    return;
  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file == NULL)
    return;
  name = g_file_get_basename (file);
  if (get_format (self) == LF_VIDEO_FORMAT_WEBM && !g_str_has_suffix (name, ".webm"))
    {
      /* the chooser asked about the name typed: a new one must not exist */
      g_autofree char *stem = g_strdup (name);
      g_autoptr(GFile) folder = g_file_get_parent (file);
      g_autoptr(GFile) webm = unused_file (folder, stem, ".webm");

      lf_video_dialog_set_file (self, webm);
      return;
    }
  lf_video_dialog_set_file (self, file);
}

static void
choose_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LfVideoDialog *self = LF_VIDEO_DIALOG (widget);
  gboolean frames = get_format (self) == LF_VIDEO_FORMAT_FRAMES;
  g_autoptr(GFile) folder = self->file ? g_file_get_parent (self->file) : NULL;

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (frames ? _("Folder for the Frames") : _("Save Video As"),
                                               GTK_WINDOW (self),
                                               frames ? GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER
                                                      : GTK_FILE_CHOOSER_ACTION_SAVE,
                                               frames ? _("_Select") : _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  if (!frames)
    {
      g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
      g_autofree char *name = self->file ? g_file_get_basename (self->file) : g_strdup ("walkthrough.webm");

      gtk_file_filter_set_name (filter, _("WebM Video"));
      gtk_file_filter_add_pattern (filter, "*.webm");
      gtk_file_filter_add_mime_type (filter, "video/webm");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
    }
  if (folder != NULL)
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), folder, NULL);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (on_chooser_response), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* ---- export ------------------------------------------------------------------------ */

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LfVideoDialog *self = LF_VIDEO_DIALOG (widget);
  LfVideoSettings settings;

  if (self->window == NULL || self->path == NULL)
    return;
  lf_video_dialog_get_settings (self, &settings);
  lf_window_export_video_settings_async (self->window, &settings, NULL, NULL, NULL);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* ---- GObject ----------------------------------------------------------------------- */

static void
lf_video_dialog_dispose (GObject *object)
{
  LfVideoDialog *self = LF_VIDEO_DIALOG (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_weak_pointer (&self->window);
  gtk_widget_dispose_template (GTK_WIDGET (self), LF_TYPE_VIDEO_DIALOG);
  G_OBJECT_CLASS (lf_video_dialog_parent_class)->dispose (object);
}

static void
lf_video_dialog_finalize (GObject *object)
{
  LfVideoDialog *self = LF_VIDEO_DIALOG (object);

  g_clear_object (&self->file);
  g_free (self->path);
  G_OBJECT_CLASS (lf_video_dialog_parent_class)->finalize (object);
}

static void
lf_video_dialog_class_init (LfVideoDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lf_video_dialog_dispose;
  object_class->finalize = lf_video_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/lambdaflow/LambdaFlow/ui/lf-video-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, LfVideoDialog, size_row);
  gtk_widget_class_bind_template_child (widget_class, LfVideoDialog, width_row);
  gtk_widget_class_bind_template_child (widget_class, LfVideoDialog, height_row);
  gtk_widget_class_bind_template_child (widget_class, LfVideoDialog, width_spin);
  gtk_widget_class_bind_template_child (widget_class, LfVideoDialog, height_spin);
  gtk_widget_class_bind_template_child (widget_class, LfVideoDialog, fps_row);
  gtk_widget_class_bind_template_child (widget_class, LfVideoDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, LfVideoDialog, file_row);
  gtk_widget_class_install_action (widget_class, "video.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "video.choose", NULL, choose_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
lf_video_dialog_init (LfVideoDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->size_row, "notify::selected", G_CALLBACK (on_size_changed), self);
  g_signal_connect_swapped (self->format_row, "notify::selected", G_CALLBACK (on_format_changed), self);
}

LfVideoDialog *
lf_video_dialog_new (LfWindow *window)
{
  LfVideoDialog *self;

  g_return_val_if_fail (LF_IS_WINDOW (window), NULL);

  self = g_object_new (LF_TYPE_VIDEO_DIALOG, "transient-for", window, NULL);
  g_set_weak_pointer (&self->window, window);
  suggest_file (self);
  return self;
}
