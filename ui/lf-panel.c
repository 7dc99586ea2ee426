/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The side panels' base. The signal group exists from init, so that a panel connects its
 * handlers in its own init; it targets the session once constructed (before the panel's
 * own constructed goes on) and drops it in dispose, after the panel's dispose has run. */

#include "lf-panel.h"

typedef struct
{
  LfSession    *session;
  GSignalGroup *session_signals;
} LfPanelPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (LfPanel, lf_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
lf_panel_constructed (GObject *object)
{
  LfPanelPrivate *priv = lf_panel_get_instance_private (LF_PANEL (object));

  G_OBJECT_CLASS (lf_panel_parent_class)->constructed (object);
  g_signal_group_set_target (priv->session_signals, priv->session);
}

static void
lf_panel_dispose (GObject *object)
{
  LfPanelPrivate *priv = lf_panel_get_instance_private (LF_PANEL (object));
  GtkWidget *child;

  if (priv->session_signals)
    g_signal_group_set_target (priv->session_signals, NULL);
  g_clear_object (&priv->session_signals);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))))
    gtk_widget_unparent (child);
  g_clear_object (&priv->session);

  G_OBJECT_CLASS (lf_panel_parent_class)->dispose (object);
}

static void
lf_panel_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  LfPanelPrivate *priv = lf_panel_get_instance_private (LF_PANEL (object));

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, priv->session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lf_panel_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  LfPanelPrivate *priv = lf_panel_get_instance_private (LF_PANEL (object));

  switch (prop_id)
    {
    case PROP_SESSION:
      priv->session = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lf_panel_class_init (LfPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = lf_panel_constructed;
  object_class->dispose = lf_panel_dispose;
  object_class->get_property = lf_panel_get_property;
  object_class->set_property = lf_panel_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, LF_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
lf_panel_init (LfPanel *self)
{
  LfPanelPrivate *priv = lf_panel_get_instance_private (self);

  priv->session_signals = g_signal_group_new (LF_TYPE_SESSION);
}

LfSession *
lf_panel_get_session (LfPanel *self)
{
  LfPanelPrivate *priv;

  g_return_val_if_fail (LF_IS_PANEL (self), NULL);

  priv = lf_panel_get_instance_private (self);
  return priv->session;
}

GSignalGroup *
lf_panel_get_session_signals (LfPanel *self)
{
  LfPanelPrivate *priv;

  g_return_val_if_fail (LF_IS_PANEL (self), NULL);

  priv = lf_panel_get_instance_private (self);
  return priv->session_signals;
}
