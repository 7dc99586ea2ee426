/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* lf-document.h: the scenario a window edits (STYLE.md practices 13–15) — the model, its
 * undo history, the file it came from, whether it has unsaved changes, and its autosave.
 *
 * GTK-free (GObject and GIO), so the designer's file handling is tested without a display.
 * The designer changes the scenario only through LfScenario's editing calls inside history
 * groups (lf_history_begin/commit around a gesture); the document watches the scenario's
 * "changed" signal to keep `dirty` and to schedule autosaves.
 *
 * Autosave: while the document is dirty, its scenario is written to
 * <autosave-dir>/<id>.lflow.json (atomically) at most LF_DOCUMENT_AUTOSAVE_DELAY_MS after
 * the first change that is not yet on disk — continuous editing still saves every delay, so
 * a crash loses at most that much work — with a key file <id>.autosave beside it naming the
 * document's own file. Saving, or undoing back to the saved state, removes both; so does
 * closing the document (lf_document_discard_autosave). Files left behind are a crash's:
 * lf_document_find_autosaves lists them and lf_document_new_from_autosave restores one as
 * a dirty document.
 */
#pragma once

#include <gio/gio.h>

#include "lf-history.h"
#include "lf-scenario.h"
#include "lf-session.h"

G_BEGIN_DECLS

#define LF_DOCUMENT_AUTOSAVE_DELAY_MS 2000

#define LF_TYPE_DOCUMENT (lf_document_get_type ())
G_DECLARE_FINAL_TYPE (LfDocument, lf_document, LF, DOCUMENT, GObject)

/* A new, empty, untitled architecture. */
LfDocument *lf_document_new_empty      (void);
/* Wraps a loaded scenario (the document takes a reference) and the file it came from
 * (NULL: untitled). The present state counts as saved. */
LfDocument *lf_document_new            (LfScenario  *scenario,
                                        GFile       *file);

LfScenario *lf_document_get_scenario   (LfDocument  *self);
LfHistory  *lf_document_get_history    (LfDocument  *self);
GFile      *lf_document_get_file       (LfDocument  *self);   /* NULL: untitled */
/* The scenario's title, else the file's name, else "Untitled Architecture". */
char       *lf_document_dup_title      (LfDocument  *self);
/* Unsaved changes (the history's, or a restored autosave's). */
gboolean    lf_document_get_dirty      (LfDocument  *self);
/* Whether Save must ask for a file: untitled, or a file this user cannot write (the bundled
 * library). */
gboolean    lf_document_needs_save_as  (LfDocument  *self);

/* Whether the file was changed by someone else since the document read or wrote it (its
 * etag differs). */
gboolean    lf_document_file_changed_on_disk (LfDocument *self);

/* Writes the scenario to its file atomically (write then rename); clears dirty and removes
 * the autosave. FALSE with G_IO_ERROR_NOT_FOUND when untitled. */
gboolean    lf_document_save           (LfDocument  *self,
                                        GError     **error);
/* Writes to @file and makes it the document's file. */
gboolean    lf_document_save_as        (LfDocument  *self,
                                        GFile       *file,
                                        GError     **error);

/* Changes of one value closer together than this fold into one undo step. */
#define LF_DOCUMENT_EDIT_MERGE_US (1500 * G_TIME_SPAN_MILLISECOND)

/* A value edit (ID.PROP, as lf_scenario_set takes it) as one history step. Refused (it is
 * tried on a copy first) when it adds a validation error, with that error's message. A
 * series of edits of the same value, each within LF_DOCUMENT_EDIT_MERGE_US of the last and
 * nothing else done in between (a spin button's clicks), is one step. */
gboolean    lf_document_set_value      (LfDocument  *self,
                                        const char  *path,
                                        const char  *value,
                                        GError     **error);

/* Undo and redo (the history's, with dirty kept up to date). */
gboolean    lf_document_undo           (LfDocument  *self);
gboolean    lf_document_redo           (LfDocument  *self);

/* Autosave. NULL (the default) turns it off. */
void        lf_document_set_autosave_dir (LfDocument *self,
                                          const char *dir);
/* How long after the first unsaved change the autosave is written (tests shorten it). */
void        lf_document_set_autosave_delay (LfDocument *self,
                                            guint       delay_ms);
const char *lf_document_get_autosave_path (LfDocument *self);  /* NULL until written */
/* Writes the autosave now if dirty and not yet written since the last change. */
gboolean    lf_document_autosave_now   (LfDocument  *self,
                                        GError     **error);
/* Removes this document's autosave files (on a clean close). */
void        lf_document_discard_autosave (LfDocument *self);
/* The default directory: $XDG_STATE_HOME/lambdaflow/autosave. */
char       *lf_document_default_autosave_dir (void);

/* An autosave a previous run left behind. */
typedef struct
{
  char   *path;        /* the .lflow.json autosave */
  char   *info_path;   /* its .autosave key file */
  char   *uri;         /* the document's own file, NULL when untitled */
  char   *title;
  gint64  saved;       /* wall-clock µs of the autosave */
} LfAutosave;

void        lf_autosave_free           (LfAutosave *autosave);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LfAutosave, lf_autosave_free)

/* Autosaves in @dir, newest first (LfAutosave*; empty when none or no such directory). */
GPtrArray  *lf_document_find_autosaves (const char  *dir);
/* A dirty document from an autosave, with the original file (if any) as its file. The
 * autosave files are removed once the restored document writes its own. */
LfDocument *lf_document_new_from_autosave (const LfAutosave *autosave,
                                           GError          **error);
/* Removes an autosave's two files. */
void        lf_autosave_discard        (const LfAutosave *autosave);

/* Brings a session's simulation in line with the document after a change with @flags
 * (the scenario's "changed"): STRUCTURE restarts the simulation from t = 0 with the
 * document's scenario (still playing if it was, the selection kept when it still exists);
 * PROPS applies changed node, edge and settings values live at the current simulated time
 * (lf_session_set_value), and restarts only when something else changed (title, seed,
 * duration, roles, workload) or a value cannot be applied live; LAYOUT copies positions
 * and labels. Fault values changed in the session (the fault panel's sliders) are not the
 * document's and are kept until a restart. Returns FALSE with the reason when the design
 * cannot be simulated as it stands (the session then keeps its previous run). */
gboolean    lf_document_sync_session   (LfDocument   *self,
                                        LfSession    *session,
                                        LfChangeFlags flags,
                                        GError      **error);

G_END_DECLS
