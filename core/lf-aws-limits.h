/* lf-aws-limits.h: every number AWS defines, and the modelled values of spec/defaults.md.
 * Each constant names the semantics.md rule (or the spec/defaults.md row) it comes from. */
#pragma once

#include "lf-time.h"

/* LIM-1: function timeout default 3 s, 1–900 s */
#define LF_FUNCTION_TIMEOUT_DEFAULT        LF_SEC (3)
#define LF_FUNCTION_TIMEOUT_MIN            LF_SEC (1)
#define LF_FUNCTION_TIMEOUT_MAX            LF_SEC (900)
/* LIM-4: memory 128–10,240 MB */
#define LF_FUNCTION_MEMORY_DEFAULT         128
#define LF_FUNCTION_MEMORY_MIN             128
#define LF_FUNCTION_MEMORY_MAX             10240
/* LIM-2: synchronous payload 6 MB (MiB) request and response */
#define LF_SYNC_PAYLOAD_LIMIT              G_GINT64_CONSTANT (6291456)
/* LIM-3: asynchronous payload 1 MB current, 256 KB legacy */
#define LF_ASYNC_PAYLOAD_LIMIT             G_GINT64_CONSTANT (1048576)
#define LF_ASYNC_PAYLOAD_LIMIT_LEGACY      G_GINT64_CONSTANT (262144)

/* CONC-1: account concurrency 1,000 per Region */
#define LF_ACCOUNT_CONCURRENCY_DEFAULT     1000
/* CONC-2: at least 100 must stay unreserved */
#define LF_UNRESERVED_CONCURRENCY_MIN      100
/* CONC-5 current: 1,000 environments every 10 s per function, refilled continuously */
#define LF_SCALING_CURRENT_BUCKET          1000
#define LF_SCALING_CURRENT_REFILL_PER_S    100
/* CONC-5 classic: regional burst 3,000 / 1,000 / 500, then +500 per minute */
#define LF_SCALING_CLASSIC_STEP            500
#define LF_SCALING_CLASSIC_INTERVAL        LF_MINUTE (1)

/* ASYNC-2/3: retries after a function error 60 s then 120 s from the end of the attempt */
#define LF_ASYNC_RETRY_BASE                LF_SEC (60)
/* ASYNC-4: MaximumRetryAttempts 0–2 (default 2), MaximumEventAgeInSeconds 60–21,600 (default 6 h) */
#define LF_ASYNC_MAX_RETRY_DEFAULT         2
#define LF_ASYNC_MAX_RETRY_MAX             2
#define LF_ASYNC_MAX_EVENT_AGE_DEFAULT     LF_SEC (21600)
#define LF_ASYNC_MAX_EVENT_AGE_MIN         LF_SEC (60)
#define LF_ASYNC_MAX_EVENT_AGE_MAX         LF_SEC (21600)
/* ASYNC-5 (MODEL, LS): throttle/system-error backoff min(2^n, 300) s */
#define LF_ASYNC_THROTTLE_BACKOFF_MAX      LF_SEC (300)
/* ASYNC-13: the DLQ's ErrorMessage attribute keeps the first 1 KB */
#define LF_DLQ_ERROR_MESSAGE_MAX           1024
/* ASYNC-12: SNS destinations take 256 KB; larger records lose their payloads */
#define LF_SNS_DESTINATION_LIMIT           G_GINT64_CONSTANT (262144)
/* ASYNC-15 / defaults.md "Recursion guard": more than 16 invocations per chain */
#define LF_RECURSION_LIMIT                 16

/* SYNC-1 / defaults.md "SDK retries": standard 3 attempts, legacy 5; backoff cap 20 s */
#define LF_SDK_STANDARD_ATTEMPTS           3
#define LF_SDK_LEGACY_ATTEMPTS             5
#define LF_SDK_BACKOFF_CAP                 LF_SEC (20)

/* APIGW-4: REST integration timeout 29 s (quota increase up to 300 s); HTTP API 30 s max */
#define LF_APIGW_REST_TIMEOUT_DEFAULT      LF_SEC (29)
#define LF_APIGW_REST_TIMEOUT_MAX          LF_SEC (300)
#define LF_APIGW_HTTP_TIMEOUT_MAX          LF_SEC (30)
#define LF_APIGW_TIMEOUT_MIN               LF_MSEC (50)
/* ALB-4: request and response bodies over 1 MB ⇒ 413 / 502 */
#define LF_ALB_BODY_LIMIT                  G_GINT64_CONSTANT (1048576)

/* ESM-1: batch sizes and windows */
#define LF_ESM_BATCH_SIZE_STREAM_DEFAULT   100
#define LF_ESM_BATCH_SIZE_SQS_DEFAULT      10
#define LF_ESM_BATCH_SIZE_MAX              10000
#define LF_ESM_BATCH_SIZE_FIFO_MAX         10
#define LF_ESM_BATCHING_WINDOW_MAX         LF_SEC (300)
/* ESM-3: a batch's payload is at most 6 MB */
#define LF_ESM_BATCH_PAYLOAD_MAX           G_GINT64_CONSTANT (6291456)
/* ESM-8: at most 5 filters */
#define LF_ESM_FILTERS_MAX                 5
/* SQS-6: MaximumConcurrency 2–1,000 */
#define LF_SQS_MAX_CONCURRENCY_MIN         2
#define LF_SQS_MAX_CONCURRENCY_MAX         1000
/* SQS-4: visibility timeout 0–43,200 s, default 30 s */
#define LF_SQS_VISIBILITY_DEFAULT          LF_SEC (30)
#define LF_SQS_VISIBILITY_MAX              LF_SEC (43200)
/* SQS-11: retention 60 s–14 d, default 4 d; maxReceiveCount 1–1,000, default 10 */
#define LF_SQS_RETENTION_DEFAULT           LF_SEC (4 * 86400)
#define LF_SQS_RETENTION_MIN               LF_SEC (60)
#define LF_SQS_RETENTION_MAX               LF_SEC (14 * 86400)
#define LF_SQS_MAX_RECEIVE_DEFAULT         10
#define LF_SQS_MAX_RECEIVE_MIN             1
#define LF_SQS_MAX_RECEIVE_MAX             1000
/* SQS-13: long polls wait at most 20 s */
#define LF_SQS_LONG_POLL_MAX               LF_SEC (20)
/* SQS-5 current: 5, +300/min, max 1,250; classic: 5, +60/min, max 1,000 */
#define LF_SQS_SCALE_START                 5
#define LF_SQS_SCALE_CURRENT_STEP          300
#define LF_SQS_SCALE_CURRENT_MAX           1250
#define LF_SQS_SCALE_CLASSIC_STEP          60
#define LF_SQS_SCALE_CLASSIC_MAX           1000
/* FIFO-6: deduplication interval 5 minutes */
#define LF_SQS_FIFO_DEDUP_INTERVAL         LF_MINUTE (5)

/* KIN-3: ParallelizationFactor 1–10 */
#define LF_STREAM_PF_MAX                   10
/* STREAM-2: MaximumRetryAttempts −1 or 0–10,000; MaximumRecordAgeInSeconds −1 or 60–604,800 */
#define LF_STREAM_MAX_RETRY_MAX            10000
#define LF_STREAM_MAX_RECORD_AGE_MIN       LF_SEC (60)
#define LF_STREAM_MAX_RECORD_AGE_MAX       LF_SEC (604800)
/* KIN-5: retention 24 h–8,760 h */
#define LF_KINESIS_RETENTION_DEFAULT       LF_HOUR (24)
#define LF_KINESIS_RETENTION_MIN           LF_HOUR (24)
#define LF_KINESIS_RETENTION_MAX           LF_HOUR (8760)
/* DDB-1 / STREAM-3: DynamoDB Streams keep records 24 h */
#define LF_DYNAMODB_STREAM_RETENTION       LF_HOUR (24)
/* STREAM-8: tumbling window 0–900 s; its state is at most 1 MB per shard */
#define LF_STREAM_TUMBLING_WINDOW_MAX      LF_SEC (900)
#define LF_STREAM_WINDOW_STATE_MAX         G_GINT64_CONSTANT (1048576)
/* defaults.md "Stream batch retry": 1 s doubling to 30 s (MODEL) */
#define LF_STREAM_RETRY_BACKOFF_START      LF_SEC (1)
#define LF_STREAM_RETRY_BACKOFF_MAX        LF_SEC (30)
/* KIN-2 / DDB-1: idle polls once per second (Kinesis), 4 per second (DynamoDB) */
#define LF_KINESIS_IDLE_POLL               LF_SEC (1)
#define LF_DYNAMODB_IDLE_POLL              LF_MSEC (250)

/* EB-1: target retry policy 0–185 attempts, 60–86,400 s */
#define LF_EB_RETRY_ATTEMPTS_MAX           185
#define LF_EB_EVENT_AGE_MIN                LF_SEC (60)
#define LF_EB_EVENT_AGE_MAX                LF_SEC (86400)

/* defaults.md "Execution environments": keep warm 10 min, cold start 250 ms */
#define LF_KEEP_WARM_DEFAULT               LF_MINUTE (10)
#define LF_COLD_START_DEFAULT              LF_MSEC (250)
#define LF_FUNCTION_DURATION_DEFAULT       LF_MSEC (100)
/* defaults.md "S3 notification delay": lognormal, median 1 s, p99 60 s */
#define LF_S3_NOTIFY_MEDIAN                LF_SEC (1)
#define LF_S3_NOTIFY_P99                   LF_SEC (60)
#define LF_S3_COALESCING_WINDOW            LF_MSEC (100)

/* Loading limits of the scenario file */
#define LF_SCENARIO_MAX_BYTES              (G_GINT64_CONSTANT (64) * 1024 * 1024)
#define LF_SCENARIO_MAX_DEPTH              64
#define LF_SCENARIO_DURATION_DEFAULT       LF_MINUTE (10)
