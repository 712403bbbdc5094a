#!/bin/sh
# The chat function's start command. The Lambda Web Adapter's /opt/bootstrap (AWS_LAMBDA_EXEC_WRAPPER)
# execs this script instead of the managed runtime's handler loop; the adapter extension then
# forwards each invocation to the Netty server on AWS_LWA_PORT once GET /health answers.
# C1 only (TieredStopAtLevel=1), as the managed Java runtime does by default: a third less CPU
# before the first answer (docs/lambda.md, "Cold start"). SerialGC: about one vCPU, where G1's
# concurrent threads cost more than they save (BUILD-NOTES.md). 75% of the function's memory for
# the heap leaves room for metaspace, Netty's direct buffers and the ADOT collector extension.
# -Xmn128m: the heap starts at 1/64 of the memory (32 MB at 2 GB) with a 10 MB young generation,
# which start-up would fill over and over; 128 MB holds what it allocates. -XX:-UsePerfData: no
# hsperfdata file and counters for jps/jstat, which nothing reads on Lambda (docs/lambda.md).
# -Dio.netty.jfr.enabled=false: Netty's allocator would start JDK Flight Recorder's metadata for
# its events (about 50 ms of CPU) inside the first request, which nothing records on Lambda.
exec java -XX:+TieredCompilation -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -Dio.netty.jfr.enabled=false -XX:MaxRAMPercentage=75 -Xmn128m \
  -cp "${LAMBDA_TASK_ROOT}/llmux-function-chat.jar" io.llmux.chat.ChatApplication
