/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lf-node-palette"

#include <string.h>
#include <glib/gi18n.h>

#include "lf-icon-cache.h"
#include "lf-node-palette.h"

/* LfNodePalette: a search entry over a list of node kinds. Each row carries a GtkDragSource
 * whose content is an LfNodeTemplate value (GdkContentProvider typed with
 * LF_TYPE_NODE_TEMPLATE); the canvas has a GtkDropTarget for that type. Activating a row
 * emits "template-activated". Icons are the painter's own SVGs (lf-icon-cache), so the
 * palette shows what the canvas will draw. */

#define ICON_SIZE 32

static const struct {
  LfNodeTemplate  template;
  const char     *title;
  const char     *description;
  const char     *prefix;
} kinds[] = {
  { { LF_NODE_CLIENT, FALSE }, N_("Client"), N_("An app calling functions through the SDK"), "client" },
  { { LF_NODE_API_GATEWAY, FALSE }, N_("API Gateway"), N_("REST or HTTP API in front of functions"), "api" },
  { { LF_NODE_ALB, FALSE }, N_("Application Load Balancer"), N_("HTTP requests to a function target"), "alb" },
  { { LF_NODE_S3_BUCKET, FALSE }, N_("S3 Bucket"), N_("Object event notifications"), "bucket" },
  { { LF_NODE_SNS_TOPIC, FALSE }, N_("SNS Topic"), N_("Fan-out to subscriptions"), "topic" },
  { { LF_NODE_SNS_TOPIC, TRUE }, N_("SNS FIFO Topic"), N_("Ordered fan-out to FIFO queues"), "fifo-topic" },
  { { LF_NODE_EVENTBRIDGE_BUS, FALSE }, N_("EventBridge Bus"), N_("Routes events to targets by rules"), "bus" },
  { { LF_NODE_KINESIS_STREAM, FALSE }, N_("Kinesis Data Stream"), N_("Ordered records in shards"), "stream" },
  { { LF_NODE_DYNAMODB_TABLE, FALSE }, N_("DynamoDB Table"), N_("Item changes on a stream"), "table" },
  { { LF_NODE_SQS_QUEUE, FALSE }, N_("SQS Queue"), N_("Standard queue, polled in batches"), "queue" },
  { { LF_NODE_SQS_QUEUE, TRUE }, N_("SQS FIFO Queue"), N_("Ordered per message group, exactly once"), "fifo-queue" },
  { { LF_NODE_LAMBDA_FUNCTION, FALSE }, N_("Lambda Function"), N_("Your code, invoked by events"), "function" },
};

G_DEFINE_BOXED_TYPE (LfNodeTemplate, lf_node_template, lf_node_template_copy, lf_node_template_free)

LfNodeTemplate *
lf_node_template_copy (const LfNodeTemplate *self)
{
  return g_memdup2 (self, sizeof *self);
}

void
lf_node_template_free (LfNodeTemplate *self)
{
  g_free (self);
}

static int
find_kind (const LfNodeTemplate *template)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (kinds[i].template.type == template->type && kinds[i].template.fifo == !!template->fifo)
      return (int) i;
  return -1;
}

const char *
lf_node_template_get_title (const LfNodeTemplate *self)
{
  int i = find_kind (self);

  return i >= 0 ? _(kinds[i].title) : lf_node_type_to_string (self->type);
}

const char *
lf_node_template_get_id_prefix (const LfNodeTemplate *self)
{
  int i = find_kind (self);

  return i >= 0 ? kinds[i].prefix : "node";
}

struct _LfNodePalette
{
  GtkWidget       parent_instance;

  GtkWidget      *box;
  GtkSearchEntry *search;
  GtkListBox     *list;
  GtkWidget      *rows[G_N_ELEMENTS (kinds)];
  GtkImage       *images[G_N_ELEMENTS (kinds)];
  GtkWidget      *empty;

  LfIconCache    *icons;
  char           *filter;
};

G_DEFINE_FINAL_TYPE (LfNodePalette, lf_node_palette, GTK_TYPE_WIDGET)

enum {
  TEMPLATE_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GdkTexture *
lf_node_palette_icon_texture (LfNodePalette  *self,
                         LfNodeType  type,
                         int         size)
{
  cairo_surface_t *surface = self->icons ? lf_icon_cache_get (self->icons, type, size) : NULL;
  g_autoptr(GBytes) bytes = NULL;

  if (surface == NULL)
    return NULL;

  cairo_surface_flush (surface);
  bytes = g_bytes_new (cairo_image_surface_get_data (surface),
                       (gsize) cairo_image_surface_get_stride (surface) * cairo_image_surface_get_height (surface));
  return gdk_memory_texture_new (cairo_image_surface_get_width (surface),
                                 cairo_image_surface_get_height (surface),
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
                                 GDK_MEMORY_B8G8R8A8_PREMULTIPLIED,
#else
                                 GDK_MEMORY_A8R8G8B8_PREMULTIPLIED,
#endif
                                 bytes, cairo_image_surface_get_stride (surface));
}

static void
lf_node_palette_update_icons (LfNodePalette *self)
{
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autoptr(GdkTexture) texture = lf_node_palette_icon_texture (self, kinds[i].template.type, ICON_SIZE * scale);

      if (texture != NULL)
        gtk_image_set_from_paintable (self->images[i], GDK_PAINTABLE (texture));
      else
        gtk_image_set_from_icon_name (self->images[i], "application-x-addon-symbolic");
    }
}

/* ---- drag source ------------------------------------------------------------------- */

static GdkContentProvider *
lf_node_palette_drag_prepare_cb (GtkDragSource *source,
                            double         x,
                            double         y,
                            gpointer       user_data)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (source));
  guint i = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "lf-kind"));
  GValue value = G_VALUE_INIT;
  GdkContentProvider *provider;

  g_value_init (&value, LF_TYPE_NODE_TEMPLATE);
  g_value_set_boxed (&value, &kinds[i].template);
  provider = gdk_content_provider_new_for_value (&value);
  g_value_unset (&value);

  return provider;
}

static void
lf_node_palette_drag_begin_cb (GtkDragSource *source,
                          GdkDrag       *drag,
                          LfNodePalette     *self)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (source));
  guint i = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "lf-kind"));
  g_autoptr(GdkTexture) texture = lf_node_palette_icon_texture (self, kinds[i].template.type, 48);

  if (texture != NULL)
    gtk_drag_source_set_icon (source, GDK_PAINTABLE (texture), 24, 24);
}

/* ---- rows -------------------------------------------------------------------------- */

static GtkWidget *
lf_node_palette_make_row (LfNodePalette *self,
                     guint      i)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *image = gtk_image_new ();
  GtkWidget *title = gtk_label_new (_(kinds[i].title));
  GtkWidget *description = gtk_label_new (_(kinds[i].description));
  GtkDragSource *source = gtk_drag_source_new ();
  g_autofree char *tooltip = g_strdup_printf (_("Drag onto the canvas to add a %s"), _(kinds[i].title));

  gtk_image_set_pixel_size (GTK_IMAGE (image), ICON_SIZE);
  gtk_widget_set_valign (image, GTK_ALIGN_CENTER);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_xalign (GTK_LABEL (description), 0);
  gtk_label_set_wrap (GTK_LABEL (description), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (description), 24);
  gtk_widget_add_css_class (description, "dim-label");
  gtk_widget_add_css_class (description, "caption");
  gtk_widget_set_valign (texts, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (texts), title);
  gtk_box_append (GTK_BOX (texts), description);
  gtk_box_append (GTK_BOX (box), image);
  gtk_box_append (GTK_BOX (box), texts);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_tooltip_text (row, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _(kinds[i].title),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _(kinds[i].description),
                                  -1);

  g_object_set_data (G_OBJECT (row), "lf-kind", GUINT_TO_POINTER (i));
  gtk_drag_source_set_actions (source, GDK_ACTION_COPY);
  g_signal_connect (source, "prepare", G_CALLBACK (lf_node_palette_drag_prepare_cb), NULL);
  g_signal_connect (source, "drag-begin", G_CALLBACK (lf_node_palette_drag_begin_cb), self);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (source));

  self->images[i] = GTK_IMAGE (image);
  return row;
}

static gboolean
lf_node_palette_matches (LfNodePalette *self,
                    guint      i)
{
  g_autofree char *haystack = NULL;
  g_autofree char *folded = NULL;
  g_auto(GStrv) words = NULL;

  if (self->filter == NULL || *self->filter == '\0')
    return TRUE;

  haystack = g_strdup_printf ("%s %s %s %s", _(kinds[i].title), _(kinds[i].description),
                              kinds[i].title, lf_node_type_to_string (kinds[i].template.type));
  folded = g_utf8_casefold (haystack, -1);
  words = g_strsplit_set (self->filter, " \t", -1);
  for (guint w = 0; words[w] != NULL; w++)
    {
      g_autofree char *word = g_utf8_casefold (words[w], -1);

      if (*word != '\0' && strstr (folded, word) == NULL)
        return FALSE;
    }
  return TRUE;
}

static gboolean
lf_node_palette_filter_func (GtkListBoxRow *row,
                        gpointer       user_data)
{
  LfNodePalette *self = LF_NODE_PALETTE (user_data);

  return lf_node_palette_matches (self, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "lf-kind")));
}

static void
lf_node_palette_refilter (LfNodePalette *self)
{
  gtk_list_box_invalidate_filter (self->list);
  gtk_widget_set_visible (self->empty, lf_node_palette_get_n_visible (self) == 0);
}

static void
lf_node_palette_search_changed_cb (LfNodePalette *self)
{
  g_free (self->filter);
  self->filter = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search)));
  lf_node_palette_refilter (self);
}

static void
lf_node_palette_search_activate_cb (LfNodePalette *self)
{
  /* Enter in the search adds the first match */
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (lf_node_palette_matches (self, i))
      {
        g_signal_emit (self, signals[TEMPLATE_ACTIVATED], 0, &kinds[i].template);
        return;
      }
}

static void
lf_node_palette_row_activated_cb (LfNodePalette     *self,
                             GtkListBoxRow *row)
{
  guint i = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "lf-kind"));

  g_signal_emit (self, signals[TEMPLATE_ACTIVATED], 0, &kinds[i].template);
}

/* ---- public ------------------------------------------------------------------------ */

GtkWidget *
lf_node_palette_new (void)
{
  return g_object_new (LF_TYPE_NODE_PALETTE, NULL);
}

void
lf_node_palette_set_icon_dir (LfNodePalette  *self,
                         const char *dir)
{
  g_return_if_fail (LF_IS_NODE_PALETTE (self));

  g_clear_pointer (&self->icons, lf_icon_cache_free);
  self->icons = lf_icon_cache_new (dir);
  lf_node_palette_update_icons (self);
}

void
lf_node_palette_set_filter (LfNodePalette  *self,
                       const char *text)
{
  g_return_if_fail (LF_IS_NODE_PALETTE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search), text ? text : "");
  lf_node_palette_search_changed_cb (self);
}

guint
lf_node_palette_get_n_visible (LfNodePalette *self)
{
  guint n = 0;

  g_return_val_if_fail (LF_IS_NODE_PALETTE (self), 0);

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    n += lf_node_palette_matches (self, i);
  return n;
}

GtkWidget *
lf_node_palette_get_row (LfNodePalette  *self,
                    LfNodeType  type,
                    gboolean    fifo)
{
  int i;

  g_return_val_if_fail (LF_IS_NODE_PALETTE (self), NULL);

  i = find_kind (&(LfNodeTemplate) { type, fifo });
  return i >= 0 ? self->rows[i] : NULL;
}

/* ---- GObject ----------------------------------------------------------------------- */

static void
lf_node_palette_dispose (GObject *object)
{
  LfNodePalette *self = LF_NODE_PALETTE (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (lf_node_palette_parent_class)->dispose (object);
}

static void
lf_node_palette_finalize (GObject *object)
{
  LfNodePalette *self = LF_NODE_PALETTE (object);

  g_clear_pointer (&self->icons, lf_icon_cache_free);
  g_free (self->filter);

  G_OBJECT_CLASS (lf_node_palette_parent_class)->finalize (object);
}

static void
lf_node_palette_class_init (LfNodePaletteClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lf_node_palette_dispose;
  object_class->finalize = lf_node_palette_finalize;

  /**
   * LfNodePalette::template-activated:
   * @template: (type LfNodeTemplate): what to add
   *
   * A row was activated (click, Enter): add such a node where the user looks.
   */
  signals[TEMPLATE_ACTIVATED] =
    g_signal_new ("template-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  LF_TYPE_NODE_TEMPLATE | G_SIGNAL_TYPE_STATIC_SCOPE);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "lfnodepalette");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
lf_node_palette_init (LfNodePalette *self)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *search = gtk_search_entry_new ();
  GtkWidget *heading = gtk_label_new (_("Add to the Architecture"));
  GtkWidget *hint = gtk_label_new (_("Drag a service onto the canvas, or press Enter to add it in the middle."));

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  gtk_widget_add_css_class (heading, "heading");
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_set_margin_start (heading, 12);
  gtk_widget_set_margin_top (heading, 12);
  gtk_box_append (GTK_BOX (self->box), heading);

  gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
  gtk_label_set_xalign (GTK_LABEL (hint), 0);
  gtk_widget_add_css_class (hint, "dim-label");
  gtk_widget_add_css_class (hint, "caption");
  gtk_widget_set_margin_start (hint, 12);
  gtk_widget_set_margin_end (hint, 12);
  gtk_box_append (GTK_BOX (self->box), hint);

  self->search = GTK_SEARCH_ENTRY (search);
  g_object_set (search, "placeholder-text", _("Search services"), NULL);
  gtk_widget_set_margin_start (search, 12);
  gtk_widget_set_margin_end (search, 12);
  gtk_widget_set_margin_top (search, 6);
  g_signal_connect_swapped (search, "search-changed", G_CALLBACK (lf_node_palette_search_changed_cb), self);
  g_signal_connect_swapped (search, "activate", G_CALLBACK (lf_node_palette_search_activate_cb), self);
  gtk_box_append (GTK_BOX (self->box), search);

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "navigation-sidebar");
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_list_box_set_filter_func (self->list, lf_node_palette_filter_func, self, NULL);
  g_signal_connect_swapped (self->list, "row-activated", G_CALLBACK (lf_node_palette_row_activated_cb), self);
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      self->rows[i] = lf_node_palette_make_row (self, i);
      gtk_list_box_append (self->list, self->rows[i]);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Services"), -1);

  self->empty = gtk_label_new (_("No service matches"));
  gtk_widget_add_css_class (self->empty, "dim-label");
  gtk_widget_set_margin_top (self->empty, 24);
  gtk_widget_set_visible (self->empty, FALSE);

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->list));
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (self->box), self->empty);
  gtk_box_append (GTK_BOX (self->box), scrolled);

  g_signal_connect_swapped (self, "notify::scale-factor", G_CALLBACK (lf_node_palette_update_icons), self);
  lf_node_palette_update_icons (self);
}
