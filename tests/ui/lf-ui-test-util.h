/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef gboolean (*LfTestCondition) (gpointer data);

/* Iterates the default main context until @condition holds, and fails the test
 * when it still does not after a bounded number of iterations or 20 s. */
#define lf_test_wait_for(condition, data) \
  lf_test_wait_for_full ((condition), (data), #condition, G_STRLOC)

void        lf_test_wait_for_full     (LfTestCondition  condition,
                                       gpointer         data,
                                       const char      *what,
                                       const char      *where);
void        lf_test_wait_for_paint    (GtkWidget       *widget);
GtkWindow  *lf_test_find_toplevel     (GType            type);
GtkWidget  *lf_test_find_descendant   (GtkWidget       *widget,
                                       GType            type,
                                       const char      *css_name);
GdkTexture *lf_test_render_widget     (GtkWidget       *widget);
guint       lf_test_count_colours     (GdkTexture      *texture,
                                       guint            limit,
                                       gboolean        *all_transparent);
void        lf_test_save_texture      (GdkTexture      *texture,
                                       const char      *basename);

G_END_DECLS
