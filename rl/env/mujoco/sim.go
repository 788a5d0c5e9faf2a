//go:build mujoco

package mujoco

/*
#cgo LDFLAGS: -lmujoco
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <setjmp.h>
#include <mujoco/mujoco.h>

// MuJoCo reports a fatal error (mju_error: out of stack memory in a step,
// an allocation that fails) by calling mju_user_error, and when none is
// installed prints "Press Enter to exit ...", waits for standard input and
// ends the process. stackel_error jumps back instead to the guarded call
// running on this thread (each thread has its own jump buffer, so Sims on
// different goroutines stay independent), which returns the message.
static _Thread_local jmp_buf* stackel_jmp;
static _Thread_local char stackel_errmsg[1000];

static void stackel_error(const char* msg) {
	snprintf(stackel_errmsg, sizeof stackel_errmsg, "%s", msg);
	if (stackel_jmp != NULL) {
		longjmp(*stackel_jmp, 1);
	}
	// Unreachable: every MuJoCo call that can fail runs guarded. MuJoCo
	// must not continue after its error handler returns.
	fprintf(stderr, "mujoco: unguarded MuJoCo error: %s\n", msg);
	abort();
}

// GUARD_BEGIN and GUARD_END enclose MuJoCo calls that may fail: the
// enclosing function returns stackel_errmsg when MuJoCo signals an error
// in between, NULL otherwise.
#define GUARD_BEGIN \
	jmp_buf jb; \
	jmp_buf* prev = stackel_jmp; \
	if (setjmp(jb) != 0) { \
		stackel_jmp = prev; \
		return stackel_errmsg; \
	} \
	stackel_jmp = &jb;
#define GUARD_END stackel_jmp = prev; return NULL;

// stackel_make_data allocates the data of m into *d; it returns MuJoCo's
// error message on failure, NULL on success.
static const char* stackel_make_data(const mjModel* m, mjData** d) {
	GUARD_BEGIN
	*d = mj_makeData(m);
	GUARD_END
}

static void stackel_clear_unstable(mjData* d);
static long long stackel_unstable(const mjData* d);

// stackel_forward runs mj_forward; it returns MuJoCo's error message on
// failure, NULL on success.
static const char* stackel_forward(const mjModel* m, mjData* d) {
	GUARD_BEGIN
	mj_forward(m, d);
	GUARD_END
}

// stackel_forward_count is stackel_forward adding to *count the
// warnings stackel_unstable counts that mj_forward raised.
static const char* stackel_forward_count(const mjModel* m, mjData* d, long long* count) {
	GUARD_BEGIN
	stackel_clear_unstable(d);
	mj_forward(m, d);
	*count += stackel_unstable(d);
	GUARD_END
}

// stackel_reset runs mj_resetData; it returns MuJoCo's error message on
// failure, NULL on success.
static const char* stackel_reset(const mjModel* m, mjData* d) {
	GUARD_BEGIN
	mj_resetData(m, d);
	GUARD_END
}

// stackel_step advances d by n steps of m, adding to *count the warnings
// stackel_unstable counts, step by step: a step that meets a bad state
// resets d (mj_resetData), which zeroes MuJoCo's own counters. It returns
// MuJoCo's error message on failure (the step that failed left d
// inconsistent: its stack is not released until mj_resetData), NULL on
// success.
static const char* stackel_step(const mjModel* m, mjData* d, int n, long long* count) {
	GUARD_BEGIN
	for (int i = 0; i < n; i++) {
		stackel_clear_unstable(d);
		mj_step(m, d);
		*count += stackel_unstable(d);
	}
	GUARD_END
}

// stackel_load compiles the MJCF text buf (n bytes) under the name name
// through a virtual file system holding only that file, so nothing is
// read from disk. err receives MuJoCo's message on failure.
static mjModel* stackel_load(const char* name, const void* buf, int n, char* err, int errsz) {
	mjVFS* vfs = (mjVFS*)malloc(sizeof(mjVFS));
	if (vfs == NULL) {
		snprintf(err, errsz, "out of memory for the virtual file system");
		return NULL;
	}
	mj_defaultVFS(vfs);
	mjModel* m = NULL;
	jmp_buf jb;
	jmp_buf* prev = stackel_jmp;
	if (setjmp(jb) == 0) {
		stackel_jmp = &jb;
		int r = mj_makeEmptyFileVFS(vfs, name, n);
		if (r != 0) {
			snprintf(err, errsz, "mj_makeEmptyFileVFS returned %d", r);
		} else {
			int i = mj_findFileVFS(vfs, name);
			memcpy(vfs->filedata[i], buf, n);
			m = mj_loadXML(name, vfs, err, errsz);
		}
	} else {
		snprintf(err, errsz, "%s", stackel_errmsg);
		m = NULL;
	}
	stackel_jmp = prev;
	mj_deleteVFS(vfs);
	free(vfs);
	return m;
}

// stackel_quiet_warning replaces MuJoCo's default warning handler, which
// prints and appends to MUJOCO_LOG.TXT in the working directory; the
// warnings stay counted in mjData.warning (see Sim.Unstable).
static void stackel_quiet_warning(const char* msg) { (void)msg; }

static void stackel_install_handlers(void) {
	mju_user_warning = stackel_quiet_warning;
	mju_user_error = stackel_error;
}

// stackel_unstable counts the bad-state warnings (NaN, Inf or huge values
// in qpos, qvel or qacc), after each of which MuJoCo resets the state, and
// the bad-control warnings (a NaN in ctrl), for each of which MuJoCo
// applies no actuator force in that evaluation of the dynamics.
static long long stackel_unstable(const mjData* d) {
	return (long long)d->warning[mjWARN_BADQPOS].number + d->warning[mjWARN_BADQVEL].number +
		d->warning[mjWARN_BADQACC].number + d->warning[mjWARN_BADCTRL].number;
}

// stackel_clear_unstable zeroes the counters stackel_unstable reads (they
// only decide whether MuJoCo prints a warning, which the quiet handler
// does not).
static void stackel_clear_unstable(mjData* d) {
	d->warning[mjWARN_BADQPOS].number = 0;
	d->warning[mjWARN_BADQVEL].number = 0;
	d->warning[mjWARN_BADQACC].number = 0;
	d->warning[mjWARN_BADCTRL].number = 0;
}

*/
import "C"

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"
)

var installHandlers sync.Once

// liveSims counts the Sims whose mjModel and mjData are allocated: Load
// adds one, Close or the garbage collector's cleanup takes it away.
var liveSims atomic.Int64

// Version returns the version of the linked MuJoCo library, e.g. "2.2.2".
func Version() string { return C.GoString(C.mj_versionString()) }

// Sim is one MuJoCo model and its simulation state (mjModel and mjData).
// Its slices view MuJoCo's own arrays: they stay valid for the life of the
// Sim (until Close, or until the Sim is unreachable), and reading them after
// Step gives the state MuJoCo left, exactly as Gymnasium's bindings read
// data.qpos, data.xpos and so on. A Sim is not safe for concurrent use;
// distinct Sims are independent and may run on different goroutines.
type Sim struct {
	m       *C.mjModel
	d       *C.mjData
	cleanup runtime.Cleanup
	name    string // the model's name given to Load, for errors
	failed  error  // the MuJoCo error of the last Step or Forward, until Reset
	// unstable counts the warnings Unstable reports, since Reset.
	unstable C.longlong

	// NQ, NV and NU are the numbers of generalized coordinates, degrees of
	// freedom and actuators.
	NQ, NV, NU int
	// Timestep is the model's physics step in seconds.
	Timestep float64

	// QPos (NQ), QVel (NV) and Ctrl (NU) are the state and the controls.
	QPos, QVel, Ctrl []float64
	// XPos holds the Cartesian body-frame positions (nbody×3), SiteXPos the
	// site positions (nsite×3), QfrcConstraint the constraint forces (NV).
	// After Step they hold what mj_step left, not recomputed: with the
	// Euler integrator (HalfCheetah) the state before the last
	// integration, with RK4 (the other models) the state of the last
	// Runge–Kutta stage, close to but not exactly the state after the step.
	// Gymnasium's bindings read the same values after mj_step.
	XPos, SiteXPos, QfrcConstraint []float64
	// QPos0 is the model's reference configuration (Gymnasium's init_qpos).
	QPos0 []float64
	// CtrlRange holds each actuator's (low, high) control limits (NU×2).
	CtrlRange []float64
	// BodyMass holds each body's mass (nbody).
	BodyMass []float64
}

type handles struct {
	m *C.mjModel
	d *C.mjData
}

// Load compiles an MJCF model given as text. name is the file name under
// which MuJoCo sees it (in errors, and for relative includes, which the
// embedded models do not use); MuJoCo keeps what follows its last '/' or
// '\', which must have 1 to 999 bytes (an error otherwise, as for a name
// holding a NUL byte).
func Load(name string, mjcf []byte) (*Sim, error) {
	if len(mjcf) == 0 {
		return nil, fmt.Errorf("mujoco: %s: empty model", name)
	}
	if err := checkVFSName(name); err != nil {
		return nil, err
	}
	installHandlers.Do(func() { C.stackel_install_handlers() })
	cname := C.CString(name)
	defer C.free(unsafe.Pointer(cname))
	buf := C.CBytes(mjcf)
	defer C.free(buf)
	var errbuf [1000]C.char
	m := C.stackel_load(cname, buf, C.int(len(mjcf)), &errbuf[0], C.int(len(errbuf)))
	if m == nil {
		return nil, fmt.Errorf("mujoco: loading %s: %s", name, C.GoString(&errbuf[0]))
	}
	d, err := makeData(m)
	if err != nil {
		C.mj_deleteModel(m)
		return nil, fmt.Errorf("mujoco: %s: %w", name, err)
	}
	s := &Sim{m: m, d: d, name: name,
		NQ: int(m.nq), NV: int(m.nv), NU: int(m.nu), Timestep: float64(m.opt.timestep)}
	nbody, nsite := int(m.nbody), int(m.nsite)
	s.QPos = view(d.qpos, s.NQ)
	s.QVel = view(d.qvel, s.NV)
	s.Ctrl = view(d.ctrl, s.NU)
	s.XPos = view(d.xpos, 3*nbody)
	s.SiteXPos = view(d.site_xpos, 3*nsite)
	s.QfrcConstraint = view(d.qfrc_constraint, s.NV)
	s.QPos0 = view(m.qpos0, s.NQ)
	s.CtrlRange = view(m.actuator_ctrlrange, 2*s.NU)
	s.BodyMass = view(m.body_mass, nbody)
	liveSims.Add(1)
	s.cleanup = runtime.AddCleanup(s, freeHandles, handles{m, d})
	return s, nil
}

// checkVFSName refuses the names under which MuJoCo 2.2.2's virtual file
// system would end the process (mju_error prints, waits for Enter on
// standard input and exits) instead of returning an error: it keeps only
// the file name after the last '/' or '\' and aborts when that is empty or
// has mjMAXVFSNAME (1000) bytes or more. A NUL byte is refused too: C would
// see the name cut short there ("x/\x00" as "x/").
func checkVFSName(name string) error {
	if strings.IndexByte(name, 0) >= 0 {
		return fmt.Errorf("mujoco: model name %q holds a NUL byte", name)
	}
	base := name[strings.LastIndexAny(name, `/\`)+1:]
	if base == "" {
		return fmt.Errorf(`mujoco: model name %q has no file name after its last / or \`, name)
	}
	if len(base) >= C.mjMAXVFSNAME {
		return fmt.Errorf("mujoco: model name: its file name has %d bytes, MuJoCo's virtual file system takes at most %d", len(base), C.mjMAXVFSNAME-1)
	}
	return nil
}

// makeData allocates the data of m (mj_makeData), returning MuJoCo's
// error instead of letting it end the process.
func makeData(m *C.mjModel) (*C.mjData, error) {
	var d *C.mjData
	if msg := C.stackel_make_data(m, &d); msg != nil || d == nil {
		why := "mj_makeData failed"
		if msg != nil {
			why += ": " + C.GoString(msg)
		}
		return nil, errors.New(why)
	}
	return d, nil
}

// forward runs mj_forward on m and d, returning MuJoCo's error message
// ("" when none).
func forward(m *C.mjModel, d *C.mjData) string {
	if msg := C.stackel_forward(m, d); msg != nil {
		return C.GoString(msg)
	}
	return ""
}

// freeHandles releases one model and its data.
func freeHandles(h handles) {
	C.mj_deleteData(h.d)
	C.mj_deleteModel(h.m)
	liveSims.Add(-1)
}

// Close frees the model and data now. Without it they are freed only when
// the garbage collector finds the Sim unreachable, and the collector paces
// itself by the Go heap alone: it does not see MuJoCo's own allocation
// (about 10 MB of mjData arena per task in MuJoCo 2.2.2, a few MB of it
// resident), so a program that builds many Sims can hold gigabytes before
// a collection runs. After Close the slices are nil and every other method
// panics; Close itself may be called again and does nothing.
func (s *Sim) Close() {
	if s.m == nil {
		return
	}
	s.cleanup.Stop()
	freeHandles(handles{s.m, s.d})
	s.m, s.d = nil, nil
	s.QPos, s.QVel, s.Ctrl = nil, nil, nil
	s.XPos, s.SiteXPos, s.QfrcConstraint = nil, nil, nil
	s.QPos0, s.CtrlRange, s.BodyMass = nil, nil, nil
}

// Closed reports whether Close has been called.
func (s *Sim) Closed() bool { return s.m == nil }

// live panics if the Sim has been closed, instead of handing MuJoCo a nil
// pointer.
func (s *Sim) live() {
	if s.m == nil {
		panic("mujoco: Sim used after Close")
	}
}

// view returns the n float64s at p as a slice (nil for n = 0).
func view(p *C.mjtNum, n int) []float64 {
	if n == 0 || p == nil {
		return nil
	}
	return unsafe.Slice((*float64)(unsafe.Pointer(p)), n)
}

// Reset restores the model's reference state (mj_resetData): qpos = qpos0,
// zero velocities, controls and time. It clears an error of Step or
// Forward.
func (s *Sim) Reset() {
	s.live()
	msg := C.stackel_reset(s.m, s.d)
	runtime.KeepAlive(s)
	if msg != nil {
		panic(fmt.Sprintf("mujoco: %s: mj_resetData: %s", s.name, C.GoString(msg)))
	}
	s.failed = nil
	s.unstable = 0
}

// Forward recomputes every derived quantity (positions, contacts,
// constraint forces) from the current state without advancing time
// (mj_forward), as Gymnasium's set_state does. It returns MuJoCo's fatal
// error, if it signals one (e.g. "Stack overflow" when the model's nstack
// is too small), instead of letting MuJoCo end the process; the data are
// then inconsistent, and Step and Forward return the error again until
// Reset.
func (s *Sim) Forward() error {
	return s.guarded("mj_forward", func() *C.char { return C.stackel_forward_count(s.m, s.d, &s.unstable) })
}

// Step advances the simulation by n physics steps with the current
// controls (mj_step n times). It returns MuJoCo's fatal error, naming the
// simulation time of the failing step, if MuJoCo signals one (as Forward).
// An unstable state (NaN, Inf or huge values) is not an error: MuJoCo
// resets it and counts a warning (Unstable). An n below 0 or above
// 2³¹ − 1 (C's int, which would cut it short) is an error that leaves the
// simulation as it was.
func (s *Sim) Step(n int) error {
	if n < 0 || n > math.MaxInt32 {
		s.live()
		return fmt.Errorf("mujoco: %s: Step(%d): the number of steps must be in [0, %d]", s.name, n, math.MaxInt32)
	}
	return s.guarded("mj_step", func() *C.char { return C.stackel_step(s.m, s.d, C.int(n), &s.unstable) })
}

// guarded runs call, which returns MuJoCo's error message or nil.
func (s *Sim) guarded(what string, call func() *C.char) error {
	s.live()
	if s.failed != nil {
		return fmt.Errorf("%w (Reset first)", s.failed)
	}
	msg := call()
	runtime.KeepAlive(s)
	if msg != nil {
		s.failed = fmt.Errorf("mujoco: %s: %s at simulation time %v: MuJoCo error: %s", s.name, what, float64(s.d.time), C.GoString(msg))
		return s.failed
	}
	return nil
}

// Unstable returns how many times since the last Reset the simulation
// became unstable (NaN, Inf or a huge value in qpos, qvel or qacc): MuJoCo
// then resets the state to the model's reference state and carries on, as
// it does under Gymnasium. Each such reset counts, although MuJoCo's own
// counters start again from it. A NaN written into Ctrl counts too, once
// per evaluation of the dynamics (once per physics step with the Euler
// integrator, four times with RK4, once per Forward): MuJoCo then applies
// no actuator force at all, keeps the NaN in Ctrl and carries on. Env.Step
// refuses NaN actions; ±Inf is clamped to the control range and not
// counted. Warnings are counted, not printed.
func (s *Sim) Unstable() int {
	s.live()
	return int(s.unstable)
}

// Time returns the simulation time in seconds.
func (s *Sim) Time() float64 {
	s.live()
	t := float64(s.d.time)
	runtime.KeepAlive(s)
	return t
}

// BodyID returns the index of the named body, or −1 (also for the empty
// name, which would otherwise find an unnamed body, and for a name holding
// a NUL byte, which C would see cut short there).
func (s *Sim) BodyID(name string) int { return s.id(C.mjOBJ_BODY, name) }

// SiteID returns the index of the named site, or −1 (as BodyID).
func (s *Sim) SiteID(name string) int { return s.id(C.mjOBJ_SITE, name) }

func (s *Sim) id(kind C.int, name string) int {
	s.live()
	if name == "" || strings.IndexByte(name, 0) >= 0 {
		return -1
	}
	cname := C.CString(name)
	defer C.free(unsafe.Pointer(cname))
	id := int(C.mj_name2id(s.m, kind, cname))
	runtime.KeepAlive(s)
	return id
}
