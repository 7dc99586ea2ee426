/* lf-inspect.h: snapshots of the machinery inside a node, for the canvas
 *
 * Read-only views of a running simulation at its current time: an SQS queue's messages
 * by state and message group, a Kinesis or DynamoDB stream's shards and the iterators that
 * read them, and a function's async event queue and concurrent executions. Each call
 * fills a caller-owned struct of fixed size (the first few groups, shards, cells and
 * events, plus totals), allocates nothing and can be made every frame. Pointers inside a
 * snapshot (ids) are borrowed from the sim and valid until it is reset or finalized. */
#pragma once

#include "lf-sim.h"

G_BEGIN_DECLS

#define LF_INSPECT_MAX_LANES      8    /* message groups of a FIFO queue */
#define LF_INSPECT_MAX_CELLS     12    /* messages per lane, head first */
#define LF_INSPECT_MAX_SHARDS     8
#define LF_INSPECT_MAX_ITERATORS 10    /* per shard: mappings × parallelization lanes */
#define LF_INSPECT_MAX_WAITING   12    /* async events, soonest first */
#define LF_INSPECT_MAX_EXECUTIONS 16

/* ---- SQS ---------------------------------------------------------------------------- */

typedef enum {
  LF_CELL_VISIBLE,       /* can be received */
  LF_CELL_IN_FLIGHT,     /* received, in a batch being processed */
  LF_CELL_RETURNING,     /* failed or throttled: invisible until its visibility timeout ends */
  LF_CELL_DELAYED,       /* sent with a delay, not visible yet (no scenario delays today) */
} LfCellState;

typedef struct {
  guint32  msg;
  guint32  receives;     /* ApproximateReceiveCount */
  guint8   state;        /* LfCellState */
  LfTime   due;          /* LF_CELL_RETURNING: when it is visible again; -1 otherwise */
} LfQueueCell;

typedef struct {
  gint32   group;        /* FIFO: the group number (0 is "group-1"); -1 on a standard queue */
  gint64   visible, in_flight;   /* in flight counts returning messages too */
  gboolean blocked;      /* FIFO: a batch of the group is out; nothing behind it can be
                          * received until it is deleted or back [FIFO-2] */
  gboolean head_failed;  /* blocked by a batch that failed and waits for its timeout */
  LfTime   due;          /* head_failed: when the head is visible again, else -1 */
  guint32  head_receives;  /* receive count of the lane's first message */
  guint    n_cells;
  LfQueueCell cells[LF_INSPECT_MAX_CELLS];   /* head first: out of the queue, then visible */
} LfQueueLane;

typedef struct {
  gboolean fifo;
  gint64   visible, in_flight, delayed;
  gint64   n_groups;     /* FIFO: groups holding messages (visible or out) */
  gint64   n_blocked;    /* FIFO: of them, blocked */
  gint64   n_failed;     /* FIFO: of them, blocked by a failed batch */
  guint    n_lanes;      /* FIFO: the first groups holding messages, by number;
                          * standard: one lane with group -1 */
  LfQueueLane lanes[LF_INSPECT_MAX_LANES];
} LfQueueSnapshot;

/* FALSE (out cleared) when node_id is not an SQS queue. */
gboolean lf_sim_inspect_queue    (LfSim *self, const char *node_id, LfQueueSnapshot *out);

/* ---- Kinesis and DynamoDB streams ------------------------------------------------------ */

typedef struct {
  const char *edge;      /* the event source mapping */
  guint    lane;         /* parallelization lane in the shard, 0 … pf − 1 */
  gint64   checkpoint;   /* last checkpointed position (sequence number − 1), -1: none */
  gint64   next;         /* the next position it reads */
  gint64   batch_first, batch_last;   /* the head batch's positions, -1 when none */
  guint    batch_size;
  gboolean in_flight;    /* an invocation of the head batch runs */
  gboolean blocked;      /* the head batch failed (or was throttled) and waits to retry */
  LfTime   retry_at;     /* blocked: when it is tried again, -1 otherwise */
  gint     retries;      /* retries spent on the head batch */
  gint     failures;     /* failed invocations of the head batch (a bisected half inherits) */
  guint    waiting;      /* batches waiting behind the head: bisected halves [STREAM-5] */
} LfStreamIterator;

typedef struct {
  const char *id;        /* "shardId-000000000000" */
  gint64   first, end;   /* positions held: [first, end) */
  gboolean blocked;      /* an iterator's head batch has failed: the shard waits for it
                          * (retrying, or running again) [STREAM-1] */
  guint    n_iterators;
  LfStreamIterator iterators[LF_INSPECT_MAX_ITERATORS];
} LfShardSnapshot;

typedef struct {
  gboolean ddb;          /* a DynamoDB table's stream */
  guint    n_shards_total;
  guint    n_mappings;
  guint    pf;           /* the first mapping's parallelization factor, 1 without one */
  guint    n_shards;
  LfShardSnapshot shards[LF_INSPECT_MAX_SHARDS];
} LfStreamSnapshot;

/* FALSE (out cleared) when node_id is not a Kinesis stream or DynamoDB table. */
gboolean lf_sim_inspect_stream   (LfSim *self, const char *node_id, LfStreamSnapshot *out);

/* ---- a function's async queue and executions -------------------------------------------- */

typedef struct {
  guint32  msg;
  LfTime   enqueued;
  LfTime   due;          /* its next attempt */
  gint     retries;      /* retries after function errors so far [ASYNC-2] */
  gint     throttles;    /* consecutive throttles [ASYNC-5] */
} LfAsyncWait;

typedef struct {
  guint32  msg;          /* its first message */
  const char *path;      /* "sync", "async", "esm" */
  gboolean cold;         /* started with a cold start */
  LfTime   start;
  LfTime   ready;        /* when its cold start ends (start when warm) */
  guint32  request;
} LfExecution;

typedef struct {
  gint64   waiting;      /* events in the async queue */
  gint64   retrying;     /* of them, waiting for a retry after an error */
  gint64   backing_off;  /* of them, backing off after a throttle */
  guint    n_waiting;
  LfAsyncWait waits[LF_INSPECT_MAX_WAITING];   /* the soonest due first */
  gint64   running;      /* concurrent executions */
  gint64   cold_starting;   /* of them, still in their cold start */
  gint64   reserved;     /* reserved concurrency, -1: none */
  guint    n_executions;
  LfExecution executions[LF_INSPECT_MAX_EXECUTIONS];   /* the oldest first */
} LfFunctionSnapshot;

/* FALSE (out cleared) when node_id is not a Lambda function. */
gboolean lf_sim_inspect_function (LfSim *self, const char *node_id, LfFunctionSnapshot *out);

G_END_DECLS
