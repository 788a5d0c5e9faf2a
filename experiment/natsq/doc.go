// Package natsq runs sweep jobs on NATS JetStream: a durable work queue
// with acknowledgements and redelivery, whose server can be embedded in the
// stackel binary (the default, so one machine needs nothing else) or be an
// existing NATS server or cluster.
//
// Where things live on the server:
//
//   - stream STACKEL_JOBS (work-queue retention, file storage), subjects
//     stackel.jobs.<sweep>.<job-id>: one message per job to run, a
//     sweep.Job as JSON (a resubmitted sweep queues again a queued job
//     whose message is missing; earlier versions used
//     stackel.jobs.<sweep>). Workers pull from the durable consumer
//     "workers" with explicit acks; a message is acknowledged only after
//     the job's outputs are stored. A worker tells the server it is still working
//     (AckProgress) every third of the ack wait while a job runs; a worker
//     that dies stops doing so and the job is redelivered after the ack
//     wait (the reports go on while the worker fetches the job's
//     checkpoint and stores its outputs). A delivery past the attempt bound (kept in the consumer's
//     metadata, read at each delivery) is recorded as failed and
//     terminated by the worker that receives it. The consumer is shared by
//     the server's sweeps: its ack wait does not shrink while jobs are
//     out, and a sweep that sets neither its ack wait nor its attempt
//     bound keeps the queue's (Conn.Setup).
//   - key-value bucket stackel_sweeps: <sweep>.<job-id> holds the job's
//     State (queued, running, done, failed, cancelled; attempts, worker,
//     wall time, summary); <sweep>._cancel marks a cancelled sweep;
//     <sweep>._submit is the sweep's name lock, held by a submission
//     (its name check, manifest and queued jobs one step for every other
//     submission, replacement or cancellation of the name: of two racing
//     submissions with different grids one is refused, ErrNameInUse) and
//     renewed while held; one its holder stopped renewing (a killed
//     submitter) is taken over after 20 s.
//   - object store stackel_runs: <job-id>/checkpoint.tar (an RL run's last
//     checkpoint with its metrics, uploaded after every checkpoint, so a
//     redelivered job resumes from it on whichever worker takes it — no
//     shared file system; one that cannot be unpacked, cut short, is
//     passed over and the run starts again; a job that lengthens a run
//     in the submitter's directory starts with that run's checkpoint
//     here),
//     <job-id>/outputs.tar (the job's finished outputs, including those of
//     a run that ended after its job was cancelled) and
//     <job-id>/final.json (how it ended, stored after the outputs: its
//     presence marks them complete, and "done" there, with the outputs
//     beside it, makes the job done for any sweep that has it; a done
//     job whose outputs.tar or final.json is missing or empty is queued
//     afresh by a resubmission, and run again by a worker delivered it;
//     an outputs.tar that a download finds unreadable, cut short or with
//     an entry it refuses, is deleted by that download, unless another
//     has been stored since, so that a resubmission runs its job again);
//     <sweep>/manifest.json holds the sweep's jobs.
//   - key-value bucket stackel_workers (memory storage, entries expire
//     after PresenceTTL, 15 s): <instance> holds a live worker's Presence
//     (its name and start), put when its Run starts and every 5 s, removed
//     when it stops; a worker killed counts as live until its entry
//     expires. Workers of a stackel that does not record presence put
//     none.
//
// An RL run's effective settings (job.json's "settings": every default
// of its algorithm resolved), which a job's ID does not see, differ
// between builds whose defaults differ. A job's message carries those its
// submitter's stackel gives it, and a worker of a build that gives it
// others hands it back, not an attempt, for a worker of the submitter's
// build. final.json records the stored run's settings: a run stored with
// settings this stackel refuses for the job (experiment.JobState) is not
// counted done by a submission (the job is queued again), nor recorded
// done from its outputs by a worker, nor downloaded by a collect or a
// sweep's wait, which says why. A collect or wait that downloads a job's
// outputs over a local run JobState refuses moves that run aside to
// .NAME.refused (-2, …) beside it, hidden from stackel plot and eval, and
// logs why, rather than remove it. Runs stored by a stackel that did not
// record settings yet record none: a download still refuses one of
// other settings (checkJobOutputs), but a submission counts it done. A
// final.json that is there but cannot be downloaded (an error other than
// a missing object) leaves it unknown whether the run is the job's: a
// submission ends with that error, as a worker's check does (it hands
// the message back for later), a collect or wait does not download the
// job (a FetchError, counted failed; a server that does not answer is
// waited for) and a status notes it in the job's Error.
//
// Each hand-back of a job a worker cannot run (other settings, a task its
// build lacks) is recorded in the job's state for that worker's instance
// (State.Declines, cleared when a worker starts the job). A queued job
// that every live worker (stackel_workers) has handed back is said so by
// a sweep's wait, in one line naming the workers and why, and by its
// status (State.DeclinedByAll, DeclineText, Summarise's "1 queued (1
// declined by every live worker)"), apart from a queued job no worker has
// looked at. The wait goes on: a worker that can run the job may join
// (its presence alone ends the state, before it is delivered the job), and
// a live worker of a version that records no presence is not seen. The wait lists the live workers once every
// presenceEvery (5 s) while one of its jobs has been handed back, not at
// each poll (liveView); a status lists them at each call, and reports
// without them when they cannot be listed. A wait with a declined timeout
// (Executor.DeclinedTimeout: stackel sweep --declined-timeout, for
// scripts) ends instead, with a DeclinedError naming the jobs, the
// workers and why, once every job it waits for that has not ended has
// been declined by every live worker (AllRemainingDeclined) for that long
// without a break; the jobs stay queued, and a submission again waits for
// them. While another job runs, or is queued for a live worker that has
// not looked at it, the timeout does not run; when it runs out the live
// workers are listed afresh before the wait ends, a sweep being cancelled
// ends as cancelled, and after the server did not answer the timeout
// starts no sooner than PresenceTTL from its answering again (a
// restarted server lost the workers' presence until they put it again).
// The same timeout ends a wait on which no worker is live (none in
// stackel_workers: none started, or only workers that record no
// presence) with a NoWorkerError, once every job it waits for that has
// not ended has been queued, and no job's state has changed, for that
// long. A worker without presence writes a job's state when it starts
// it (running), ends it or hands it back, not as the job progresses: a
// running job holds the timeout off, and any change starts it again;
// one still running, unchanged, when the live workers have been listed
// twice (presenceEvery apart) and found none, is said once in the log,
// as one a killed worker may have left running until a worker starts.
//
// A job that fails (a failed write, a panic) is retried up to the attempt
// bound and then recorded as failed with its error, but one whose run
// diverged (NaN, ±Inf, a singular matrix), whose configuration its run
// kind's builder refuses (experiment.Check, with the run's error) or
// whose step schedule failed at an iteration (loop.ErrScheduleValue,
// which a *markov.ScheduleError matches) or whose Markov follower's best
// response reached its iteration limit (markov.ErrBestResponseLimit) — the
// same at every attempt of its configuration and seed — is recorded failed
// at once; a worker
// that crashes is not a job failure, but every delivery that started the
// job counts as an attempt (State.Attempts), so a job that kills every
// worker that takes it also ends failed. A worker that is stopped hands
// its running job back without an attempt, and a worker that cannot run a
// job (Worker.CanRun: a MuJoCo task in a build without it, a configuration
// another version wrote) hands it back before starting it, without an
// attempt, for a worker that can (a job already ended it acknowledges or
// terminates as any worker does); so does a worker whose own machine
// cannot run it (its disk full or read-only), which then leaves jobs to
// the others for a while. Each delivery runs in a directory of its own.
// A worker records a job queued again (a failed attempt to retry, one it
// could not run, outputs the server would not store) only while the job's
// state is still the one it wrote at the start of the attempt
// (revision-checked), and checks the cancel mark again after writing that
// start: a cancellation that came meanwhile stands. Outputs the server
// will not store fail the job with that reason once its attempts are
// used up; outputs whose archive a download would refuse (larger than
// MaxOutputsBytes) are not uploaded, and fail the job at once; a server
// that does not answer during the upload is waited for, without a bound
// (the outputs are on that worker only: a bound would throw the finished
// run away; a worker stopped meanwhile keeps them in the job's directory,
// its log saying where, and hands the job back, no attempt counted), as
// is a JetStream that answers "no responders" (after a restart), and
// so is one that does not answer while the worker fetches the job's
// checkpoint before its run (nothing has run: no attempt is lost). A
// worker starting (Run, ConnectWait) and a sweep's wait (Conn.Wait) wait
// out such "no responders" too, saying so once (the wait also while it
// downloads a finished job's outputs; so do Collect and CollectManifest,
// on Conn.Log, counting no job failed, or without a Log end at once
// saying the server does not answer); a bucket gone from a server that
// answers is no outage, and ends the sweep's wait, or Collect, with an
// error naming it (Conn.outage classifies for all of these). A cancelled
// sweep's wait whose download of the finished jobs' outputs meets such an
// outage ends saying which are downloaded (they stay) and which are not.
// A worker that finds its job's state made final by another (or a
// cancellation) ends its own delivery as a redelivery would
// (acknowledged, or terminated), rather than leave it to the ack wait.
//
// An upload of outputs or a checkpoint cut short (its worker killed
// during the put, or a server outage that its purge of the partial upload
// also met) leaves its chunks in the object store: storage, not a wrong
// result (an object's meta entry, written last, names the chunks of a
// complete upload only, so a reader always gets a complete version). The
// package does not purge them: such chunks (on $O.stackel_runs.C.<nuid>,
// with no meta entry naming the nuid) look exactly like another worker's
// upload in progress, whose meta entry comes last, and only their age
// tells them apart — which no bound makes safe, a client buffering its
// publishes while it reconnects sending them after any delay. With no
// worker running they can be purged by hand (nats stream purge
// OBJ_stackel_runs --subject '$O.stackel_runs.C.<nuid>').
//
// A server takes a lock on its store directory: a second server on the
// same store (the same sweep started twice) is refused.
//
// The package implements no paper equation.
package natsq
