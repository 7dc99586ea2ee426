/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lf-start-page"

#include <glib/gi18n.h>

#include "lf-painter.h"
#include "lf-scenario.h"
#include "lf-start-page.h"

/* The gallery reads each bundled scenario once for its title and description. Its
 * thumbnails are drawn lazily by LfPainter, one per low-priority idle while the page is
 * mapped, so that the first frame of the window never waits for them; they are kept
 * until the style (light or dark) changes.
 */

#define THUMB_WIDTH   288
#define THUMB_HEIGHT  162
#define THUMB_MARGIN   12.0
#define MAX_RECENT      3

typedef struct {
  GFile      *file;
  LfScenario *scenario;
  GtkPicture *picture;     /* borrowed: the card's */
  GdkTexture *thumbnail;
} LfGalleryEntry;

struct _LfStartPage
{
  AdwBin            parent_instance;

  /* Template widgets */
  GtkWidget        *recent_group;
  GtkListBox       *recent_list;
  GtkFlowBox       *gallery;

  /* Owned */
  GPtrArray        *entries;   /* LfGalleryEntry* */
  LfPainter        *painter;
  char             *icon_dir;
  char             *scenario_dir;

  /* Borrowed */
  GtkRecentManager *recent_manager;
  AdwStyleManager  *style_manager;

  guint             idle_id;
  guint             n_thumbnails;
  guint             loaded : 1;
};

G_DEFINE_FINAL_TYPE (LfStartPage, lf_start_page, ADW_TYPE_BIN)

static void
lf_gallery_entry_free (LfGalleryEntry *entry)
{
  g_clear_object (&entry->file);
  g_clear_object (&entry->scenario);
  g_clear_object (&entry->thumbnail);
  g_free (entry);
}

/* ---- thumbnails -------------------------------------------------------------------- */

static GdkTexture *
lf_start_page_draw_thumbnail (LfStartPage *self,
                              LfScenario  *scenario)
{
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  cairo_surface_t *surface;
  g_autoptr(GBytes) bytes = NULL;
  cairo_t *cr;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, THUMB_WIDTH * scale, THUMB_HEIGHT * scale);
  cairo_surface_set_device_scale (surface, scale, scale);

  lf_painter_set_scenario (self->painter, scenario);
  lf_painter_set_style (self->painter, adw_style_manager_get_dark (self->style_manager)
                                       ? LF_PAINTER_STYLE_DARK : LF_PAINTER_STYLE_LIGHT);
  lf_painter_fit (self->painter, &(cairo_rectangle_t) { 0, 0, THUMB_WIDTH, THUMB_HEIGHT },
                  THUMB_MARGIN, 1.0);
  cr = cairo_create (surface);
  lf_painter_draw (self->painter, cr, THUMB_WIDTH, THUMB_HEIGHT, NULL);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  lf_painter_set_scenario (self->painter, NULL);

  bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                      (gsize) cairo_image_surface_get_stride (surface) * THUMB_HEIGHT * scale,
                                      (GDestroyNotify) cairo_surface_destroy, surface);
  return gdk_memory_texture_new (THUMB_WIDTH * scale, THUMB_HEIGHT * scale,
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
                                 GDK_MEMORY_B8G8R8A8_PREMULTIPLIED,
#else
                                 GDK_MEMORY_A8R8G8B8_PREMULTIPLIED,
#endif
                                 bytes, cairo_image_surface_get_stride (surface));
}

static gboolean
lf_start_page_idle_cb (gpointer user_data)
{
  LfStartPage *self = user_data;

  for (guint i = 0; i < self->entries->len; i++)
    {
      LfGalleryEntry *entry = g_ptr_array_index (self->entries, i);

      if (entry->thumbnail != NULL || entry->scenario == NULL)
        continue;

      entry->thumbnail = lf_start_page_draw_thumbnail (self, entry->scenario);
      gtk_picture_set_paintable (entry->picture, GDK_PAINTABLE (entry->thumbnail));
      self->n_thumbnails++;
      return G_SOURCE_CONTINUE;
    }

  self->idle_id = 0;
  return G_SOURCE_REMOVE;
}

static void
lf_start_page_queue_thumbnails (LfStartPage *self)
{
  if (self->idle_id == 0 && gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->idle_id = g_idle_add_full (G_PRIORITY_LOW, lf_start_page_idle_cb, self, NULL);
}

static void
lf_start_page_clear_thumbnails (LfStartPage *self)
{
  for (guint i = 0; i < self->entries->len; i++)
    {
      LfGalleryEntry *entry = g_ptr_array_index (self->entries, i);

      g_clear_object (&entry->thumbnail);
    }
  lf_start_page_queue_thumbnails (self);
}

/* ---- gallery ----------------------------------------------------------------------- */

/* The description's first sentence: up to the first ". " (or all of it). */
static char *
lf_first_sentence (const char *text)
{
  const char *end;

  if (text == NULL)
    return g_strdup ("");
  end = strstr (text, ". ");
  return end != NULL ? g_strndup (text, end - text + 1) : g_strdup (text);
}

static GtkWidget *
lf_start_page_new_label (const char *text,
                         const char *css_class,
                         int         lines)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (label), lines);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 1);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, css_class);
  return label;
}

static GtkWidget *
lf_start_page_new_card (LfGalleryEntry *entry)
{
  g_autofree char *basename = g_file_get_basename (entry->file);
  g_autofree char *summary = lf_first_sentence (lf_scenario_get_description (entry->scenario));
  const char *title = lf_scenario_get_title (entry->scenario);
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *picture = gtk_picture_new ();

  gtk_widget_add_css_class (card, "card");
  gtk_widget_add_css_class (card, "scenario-card");
  gtk_widget_set_overflow (card, GTK_OVERFLOW_HIDDEN);

  /* Cards are as wide as their thumbnail, so that it is shown pixel for pixel. */
  gtk_widget_set_size_request (card, THUMB_WIDTH, -1);
  gtk_widget_set_halign (card, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (picture, THUMB_WIDTH, THUMB_HEIGHT);
  gtk_picture_set_can_shrink (GTK_PICTURE (picture), FALSE);
  gtk_widget_add_css_class (picture, "thumbnail");
  gtk_box_append (GTK_BOX (card), picture);
  entry->picture = GTK_PICTURE (picture);

  gtk_widget_add_css_class (text, "scenario-text");
  gtk_box_append (GTK_BOX (text), lf_start_page_new_label (title && *title ? title : basename, "heading", 2));
  gtk_box_append (GTK_BOX (text), lf_start_page_new_label (summary, "dim-label", 3));
  gtk_box_append (GTK_BOX (card), text);
  gtk_widget_set_tooltip_text (card, lf_scenario_get_description (entry->scenario));

  return card;
}

static int
lf_compare_names (gconstpointer a,
                  gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static GPtrArray *
lf_list_scenarios (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    if (g_str_has_suffix (name, ".lflow.json"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, lf_compare_names);
  return names;
}

/* Reads the library the first time the page is mapped (or asked about it), so that a
 * window opened on a file does not pay for the gallery. */
static void
lf_start_page_ensure_gallery (LfStartPage *self)
{
  g_autoptr(GPtrArray) names = NULL;
  GtkWidget *child;

  if (self->loaded)
    return;
  self->loaded = TRUE;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->gallery))) != NULL)
    gtk_flow_box_remove (self->gallery, child);
  g_ptr_array_set_size (self->entries, 0);

  names = self->scenario_dir != NULL ? lf_list_scenarios (self->scenario_dir) : g_ptr_array_new ();
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (self->scenario_dir, g_ptr_array_index (names, i), NULL);
      g_autoptr(GError) error = NULL;
      LfGalleryEntry *entry = g_new0 (LfGalleryEntry, 1);

      entry->scenario = lf_scenario_load_from_file (path, NULL, &error);
      if (entry->scenario == NULL)
        {
          g_debug ("Skipping %s: %s", path, error->message);
          lf_gallery_entry_free (entry);
          continue;
        }
      entry->file = g_file_new_for_path (path);
      g_ptr_array_add (self->entries, entry);
      gtk_flow_box_append (self->gallery, lf_start_page_new_card (entry));
    }

  lf_start_page_queue_thumbnails (self);
}

void
lf_start_page_set_scenario_dir (LfStartPage *self,
                                const char  *dir)
{
  g_return_if_fail (LF_IS_START_PAGE (self));

  g_free (self->scenario_dir);
  self->scenario_dir = g_strdup (dir);
  self->loaded = FALSE;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    lf_start_page_ensure_gallery (self);
}

void
lf_start_page_set_icon_dir (LfStartPage *self,
                            const char  *dir)
{
  g_return_if_fail (LF_IS_START_PAGE (self));

  g_free (self->icon_dir);
  self->icon_dir = g_strdup (dir);
  lf_painter_set_icon_dir (self->painter, dir);
  lf_start_page_clear_thumbnails (self);
}

guint
lf_start_page_get_n_scenarios (LfStartPage *self)
{
  g_return_val_if_fail (LF_IS_START_PAGE (self), 0);

  lf_start_page_ensure_gallery (self);
  return self->entries->len;
}

guint
lf_start_page_get_n_thumbnails (LfStartPage *self)
{
  g_return_val_if_fail (LF_IS_START_PAGE (self), 0);

  return self->n_thumbnails;
}

/**
 * lf_start_page_get_scenario_file:
 *
 * Returns: (transfer none): the file of the gallery's @index-th scenario
 */
GFile *
lf_start_page_get_scenario_file (LfStartPage *self,
                                 guint        index)
{
  g_return_val_if_fail (LF_IS_START_PAGE (self), NULL);

  lf_start_page_ensure_gallery (self);
  g_return_val_if_fail (index < self->entries->len, NULL);

  return ((LfGalleryEntry *) g_ptr_array_index (self->entries, index))->file;
}

static void
lf_start_page_open (LfStartPage *self,
                    GFile       *file)
{
  g_autofree char *uri = g_file_get_uri (file);

  gtk_widget_activate_action (GTK_WIDGET (self), "win.open-file", "s", uri);
}

static void
lf_start_page_child_activated_cb (LfStartPage     *self,
                                  GtkFlowBoxChild *child,
                                  GtkFlowBox      *box)
{
  int index = gtk_flow_box_child_get_index (child);

  if (index >= 0 && (guint) index < self->entries->len)
    lf_start_page_open (self, lf_start_page_get_scenario_file (self, index));
}

/* ---- recent files ------------------------------------------------------------------ */

static int
lf_compare_recent (gconstpointer a,
                   gconstpointer b)
{
  GDateTime *ma = gtk_recent_info_get_modified ((GtkRecentInfo *) a);
  GDateTime *mb = gtk_recent_info_get_modified ((GtkRecentInfo *) b);

  return g_date_time_compare (mb, ma);
}

static GtkWidget *
lf_start_page_new_recent_row (GtkRecentInfo *info)
{
  g_autoptr(GFile) file = g_file_new_for_uri (gtk_recent_info_get_uri (info));
  g_autoptr(GFile) parent = g_file_get_parent (file);
  g_autofree char *folder = parent != NULL ? g_file_get_parse_name (parent) : g_strdup ("");
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), gtk_recent_info_get_display_name (info));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), folder);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "lf-uri", g_strdup (gtk_recent_info_get_uri (info)), g_free);
  return row;
}

static void
lf_start_page_update_recent (LfStartPage *self)
{
  GList *items = gtk_recent_manager_get_items (self->recent_manager);
  guint shown = 0;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->recent_list))) != NULL)
    gtk_list_box_remove (self->recent_list, child);

  items = g_list_sort (items, lf_compare_recent);
  for (GList *l = items; l != NULL && shown < MAX_RECENT; l = l->next)
    {
      GtkRecentInfo *info = l->data;

      if (!g_str_has_suffix (gtk_recent_info_get_uri (info), ".lflow.json") ||
          !gtk_recent_info_exists (info))
        continue;
      gtk_list_box_append (self->recent_list, lf_start_page_new_recent_row (info));
      shown++;
    }
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);

  gtk_widget_set_visible (self->recent_group, shown > 0);
}

static void
lf_start_page_recent_activated_cb (LfStartPage   *self,
                                   GtkListBoxRow *row,
                                   GtkListBox    *list)
{
  const char *uri = g_object_get_data (G_OBJECT (row), "lf-uri");
  g_autoptr(GFile) file = uri != NULL ? g_file_new_for_uri (uri) : NULL;

  if (file != NULL)
    lf_start_page_open (self, file);
}

/* ---- GObject ----------------------------------------------------------------------- */

static void
lf_start_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (lf_start_page_parent_class)->map (widget);

  lf_start_page_ensure_gallery (LF_START_PAGE (widget));
  lf_start_page_queue_thumbnails (LF_START_PAGE (widget));
}

static void
lf_start_page_dispose (GObject *object)
{
  LfStartPage *self = LF_START_PAGE (object);

  g_clear_handle_id (&self->idle_id, g_source_remove);
  if (self->recent_manager != NULL)
    g_signal_handlers_disconnect_by_data (self->recent_manager, self);
  if (self->style_manager != NULL)
    g_signal_handlers_disconnect_by_data (self->style_manager, self);
  self->recent_manager = NULL;
  self->style_manager = NULL;

  gtk_widget_dispose_template (GTK_WIDGET (self), LF_TYPE_START_PAGE);

  G_OBJECT_CLASS (lf_start_page_parent_class)->dispose (object);
}

static void
lf_start_page_finalize (GObject *object)
{
  LfStartPage *self = LF_START_PAGE (object);

  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_object (&self->painter);
  g_clear_pointer (&self->icon_dir, g_free);
  g_clear_pointer (&self->scenario_dir, g_free);

  G_OBJECT_CLASS (lf_start_page_parent_class)->finalize (object);
}

static void
lf_start_page_class_init (LfStartPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lf_start_page_dispose;
  object_class->finalize = lf_start_page_finalize;
  widget_class->map = lf_start_page_map;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/lambdaflow/LambdaFlow/ui/lf-start-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LfStartPage, recent_group);
  gtk_widget_class_bind_template_child (widget_class, LfStartPage, recent_list);
  gtk_widget_class_bind_template_child (widget_class, LfStartPage, gallery);
  gtk_widget_class_bind_template_callback (widget_class, lf_start_page_child_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, lf_start_page_recent_activated_cb);
  gtk_widget_class_set_css_name (widget_class, "lf-start-page");
}

static void
lf_start_page_init (LfStartPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) lf_gallery_entry_free);
  self->painter = lf_painter_new ();

  self->style_manager = adw_style_manager_get_default ();
  g_signal_connect_swapped (self->style_manager, "notify::dark",
                            G_CALLBACK (lf_start_page_clear_thumbnails), self);
  g_signal_connect_swapped (self, "notify::scale-factor",
                            G_CALLBACK (lf_start_page_clear_thumbnails), self);

  self->recent_manager = gtk_recent_manager_get_default ();
  g_signal_connect_swapped (self->recent_manager, "changed",
                            G_CALLBACK (lf_start_page_update_recent), self);
  lf_start_page_update_recent (self);
}

GtkWidget *
lf_start_page_new (void)
{
  return g_object_new (LF_TYPE_START_PAGE, NULL);
}
