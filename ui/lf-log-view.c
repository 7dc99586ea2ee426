/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "lf-log-view.h"

#include <adwaita.h>

struct _LfLogView
{
  GtkWidget  parent_instance;

  LfSession *session;
};

G_DEFINE_FINAL_TYPE (LfLogView, lf_log_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
lf_log_view_dispose (GObject *object)
{
  LfLogView *self = LF_LOG_VIEW (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (lf_log_view_parent_class)->dispose (object);
}

static void
lf_log_view_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  LfLogView *self = LF_LOG_VIEW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lf_log_view_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  LfLogView *self = LF_LOG_VIEW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lf_log_view_class_init (LfLogViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lf_log_view_dispose;
  object_class->get_property = lf_log_view_get_property;
  object_class->set_property = lf_log_view_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, LF_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
lf_log_view_init (LfLogView *self)
{
  gtk_widget_set_parent (adw_status_page_new (), GTK_WIDGET (self));
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

  return self->session;
}
