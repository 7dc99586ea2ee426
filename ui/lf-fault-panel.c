/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "lf-fault-panel.h"

#include <adwaita.h>

struct _LfFaultPanel
{
  GtkWidget  parent_instance;

  LfSession *session;
};

G_DEFINE_FINAL_TYPE (LfFaultPanel, lf_fault_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
lf_fault_panel_dispose (GObject *object)
{
  LfFaultPanel *self = LF_FAULT_PANEL (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (lf_fault_panel_parent_class)->dispose (object);
}

static void
lf_fault_panel_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  LfFaultPanel *self = LF_FAULT_PANEL (object);

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
lf_fault_panel_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  LfFaultPanel *self = LF_FAULT_PANEL (object);

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
lf_fault_panel_class_init (LfFaultPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lf_fault_panel_dispose;
  object_class->get_property = lf_fault_panel_get_property;
  object_class->set_property = lf_fault_panel_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, LF_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
lf_fault_panel_init (LfFaultPanel *self)
{
  gtk_widget_set_parent (adw_status_page_new (), GTK_WIDGET (self));
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

  return self->session;
}
