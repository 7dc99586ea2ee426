/* lf-history.h: the undo history of one LfScenario (STYLE.md practice 14)
 *
 * One step per gesture: the designer calls lf_history_begin on a gesture's begin,
 * lf_history_commit on its end and lf_history_rollback on cancel or Escape. A change made
 * outside a group (any "changed" emission of the scenario) is a step of its own. Steps are
 * snapshots (lf_scenario_to_data before and after), restored with lf_scenario_restore, so
 * undo is exact to the byte; consecutive steps share their snapshot strings. At most
 * LF_HISTORY_MAX_STEPS steps are kept; the oldest go first.
 *
 * The scenario must be changed through calls that emit "changed" (or lf_scenario_changed
 * after editing a props object in place). A change that emitted nothing is still caught:
 * begin, undo, redo and mark_saved first record it as a step of its own ("Change").
 */
#pragma once

#include <glib-object.h>

#include "lf-scenario.h"

G_BEGIN_DECLS

#define LF_HISTORY_MAX_STEPS 200

#define LF_TYPE_HISTORY (lf_history_get_type ())
G_DECLARE_FINAL_TYPE (LfHistory, lf_history, LF, HISTORY, GObject)

typedef void (*LfHistoryFunc) (LfScenario *scenario, gpointer data);

/* The scenario's present state counts as saved (not dirty). */
LfHistory  *lf_history_new            (LfScenario *scenario);
LfScenario *lf_history_get_scenario   (LfHistory *self);

/* Opens a group; FALSE with G_IO_ERROR_BUSY while one is open ("in-group"). */
gboolean    lf_history_begin          (LfHistory *self, const char *label, GError **error);
/* Closes the group: TRUE when it changed the scenario and became a step (a group whose
 * end state equals its start state records nothing, e.g. a node moved back). */
gboolean    lf_history_commit         (LfHistory *self);
/* Closes the group and restores the scenario as it was at begin. */
void        lf_history_rollback       (LfHistory *self);
gboolean    lf_history_in_group       (LfHistory *self);
/* begin, func, commit: TRUE when func changed something */
gboolean    lf_history_apply          (LfHistory *self, const char *label, LfHistoryFunc func,
                                       gpointer data);

/* FALSE when there is nothing to undo/redo or a group is open */
gboolean    lf_history_undo           (LfHistory *self);
gboolean    lf_history_redo           (LfHistory *self);
gboolean    lf_history_can_undo       (LfHistory *self);
gboolean    lf_history_can_redo       (LfHistory *self);
const char *lf_history_get_undo_label (LfHistory *self);   /* NULL when none */
const char *lf_history_get_redo_label (LfHistory *self);
guint       lf_history_get_n_undo     (LfHistory *self);
guint       lf_history_get_n_redo     (LfHistory *self);

/* Dirty: the scenario differs from its state at the last mark_saved (or at new). Undoing
 * back to the saved state makes it clean again. */
gboolean    lf_history_is_dirty       (LfHistory *self);
void        lf_history_mark_saved     (LfHistory *self);
/* Forgets every step (after New or Open); the present state counts as saved. */
void        lf_history_clear          (LfHistory *self);

G_END_DECLS
