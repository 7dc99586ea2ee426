/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* lf-start-page.h: what a window shows before a scenario is open — Open…, the recent
 * scenario files and a gallery of the bundled scenarios with thumbnails drawn by our own
 * painter. Choosing one activates `win.open-file` with the file's URI. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LF_TYPE_START_PAGE (lf_start_page_get_type ())

G_DECLARE_FINAL_TYPE (LfStartPage, lf_start_page, LF, START_PAGE, AdwBin)

GtkWidget  *lf_start_page_new               (void);
/* The gallery shows every *.lflow.json in dir, sorted by name (read when first shown). */
void        lf_start_page_set_scenario_dir  (LfStartPage *self,
                                             const char  *dir);
void        lf_start_page_set_icon_dir      (LfStartPage *self,
                                             const char  *dir);
guint       lf_start_page_get_n_scenarios   (LfStartPage *self);
/* How many gallery thumbnails have been drawn (they are drawn lazily, one per idle). */
guint       lf_start_page_get_n_thumbnails  (LfStartPage *self);
GFile      *lf_start_page_get_scenario_file (LfStartPage *self,
                                             guint        index);

G_END_DECLS
