/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* lf-node-palette.h: every node type the designer can add, searchable, with its icon. A row is
 * dragged onto the canvas as a typed payload (an LfNodeTemplate value, not a widget) or
 * activated (click, Enter) to add the node in the middle of the view. */
#pragma once

#include <gtk/gtk.h>

#include "lf-scenario.h"

G_BEGIN_DECLS

/* What a palette item creates: a node type, and for queues and topics whether FIFO. */
typedef struct
{
  LfNodeType type;
  gboolean   fifo;
} LfNodeTemplate;

#define LF_TYPE_NODE_TEMPLATE (lf_node_template_get_type ())
GType           lf_node_template_get_type (void) G_GNUC_CONST;
LfNodeTemplate *lf_node_template_copy     (const LfNodeTemplate *self);
void            lf_node_template_free     (LfNodeTemplate *self);
/* "SQS FIFO Queue", "Lambda Function", … */
const char     *lf_node_template_get_title (const LfNodeTemplate *self);
/* The id prefix for a new node of this kind: "queue", "fifo-queue", "function", … */
const char     *lf_node_template_get_id_prefix (const LfNodeTemplate *self);

#define LF_TYPE_NODE_PALETTE (lf_node_palette_get_type ())
G_DECLARE_FINAL_TYPE (LfNodePalette, lf_node_palette, LF, NODE_PALETTE, GtkWidget)

GtkWidget  *lf_node_palette_new          (void);
void        lf_node_palette_set_icon_dir (LfNodePalette  *self,
                                     const char *dir);
/* The search text (tests); rows whose title or description do not match are hidden. */
void        lf_node_palette_set_filter   (LfNodePalette  *self,
                                     const char *text);
guint       lf_node_palette_get_n_visible (LfNodePalette *self);
/* The row for a template (tests drag it), NULL when there is none. */
GtkWidget  *lf_node_palette_get_row      (LfNodePalette  *self,
                                     LfNodeType  type,
                                     gboolean    fifo);

G_END_DECLS
