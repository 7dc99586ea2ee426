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

/* Points LF_AUTOSAVE_DIR at a new temporary folder for this test program (removed, with
 * what is left in it, at exit); returns it. */
const char *lf_test_use_private_autosave_dir (void);
/* How many autosaves are in it now. */
guint       lf_test_count_autosaves   (void);

G_END_DECLS
