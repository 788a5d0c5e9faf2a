//go:build mujoco

package mujoco

/*
#include <mujoco/mujoco.h>
*/
import "C"

import (
	"runtime"
	"unsafe"
)

// physics returns the quantities of the compiled model that determine its
// dynamics, keyed by MuJoCo's field names (mjOption's with "opt."; rows
// flattened). Positions and axes are world-frame values at qpos0 from
// mj_forward on a scratch mjData (xipos, xanchor, xaxis, geom_xpos,
// geom_xmat), not the body-local ones, so that two models that place their
// body frames differently but describe the same bodies agree; a slide
// joint's anchor, which nothing depends on, is reported as 0. Geoms are
// those of moving bodies and the world's geoms that can take part in a
// contact (contype or conaffinity not zero); purely visual world geoms are
// left out. The Sim's own state is not touched.
func (s *Sim) physics() map[string][]float64 {
	s.live()
	m := s.m
	d, err := makeData(m)
	if err != nil {
		panic("mujoco: physics: " + err.Error())
	}
	defer C.mj_deleteData(d)
	if msg := forward(m, d); msg != "" {
		panic("mujoco: physics: mj_forward: " + msg)
	}
	defer runtime.KeepAlive(s)

	o := m.opt
	p := map[string][]float64{
		"opt.timestep": {float64(o.timestep)}, "opt.integrator": {float64(o.integrator)},
		"opt.collision": {float64(o.collision)}, "opt.cone": {float64(o.cone)},
		"opt.jacobian": {float64(o.jacobian)}, "opt.solver": {float64(o.solver)},
		"opt.iterations": {float64(o.iterations)}, "opt.tolerance": {float64(o.tolerance)},
		"opt.impratio": {float64(o.impratio)}, "opt.density": {float64(o.density)},
		"opt.viscosity": {float64(o.viscosity)}, "opt.o_margin": {float64(o.o_margin)},
		"opt.gravity": nums(&o.gravity[0], 3), "opt.wind": nums(&o.wind[0], 3),
		"opt.disableflags": {float64(o.disableflags)}, "opt.enableflags": {float64(o.enableflags)},
		"sizes": {float64(m.nq), float64(m.nv), float64(m.nu), float64(m.nbody), float64(m.njnt),
			float64(m.npair), float64(m.nexclude), float64(m.neq), float64(m.ntendon)},
		"qpos0": nums(m.qpos0, int(m.nq)), "qpos_spring": nums(m.qpos_spring, int(m.nq)),
	}
	nbody, njnt, nv, nu := int(m.nbody), int(m.njnt), int(m.nv), int(m.nu)
	p["body_parentid"] = ints(m.body_parentid, nbody)
	p["body_mass"] = nums(m.body_mass, nbody)
	p["body_inertia"] = nums(m.body_inertia, 3*nbody)
	p["xipos"] = nums(d.xipos, 3*nbody)

	p["jnt_type"] = ints(m.jnt_type, njnt)
	p["jnt_bodyid"] = ints(m.jnt_bodyid, njnt)
	p["jnt_limited"] = flags(m.jnt_limited, njnt)
	p["jnt_range"] = nums(m.jnt_range, 2*njnt)
	p["jnt_stiffness"] = nums(m.jnt_stiffness, njnt)
	p["jnt_margin"] = nums(m.jnt_margin, njnt)
	p["jnt_solref"] = nums(m.jnt_solref, C.mjNREF*njnt)
	p["jnt_solimp"] = nums(m.jnt_solimp, C.mjNIMP*njnt)
	p["xanchor"] = nums(d.xanchor, 3*njnt)
	for j, typ := range p["jnt_type"] {
		if typ == C.mjJNT_SLIDE { // its anchor enters neither kinematics nor dynamics
			clear(p["xanchor"][3*j : 3*j+3])
		}
	}
	p["xaxis"] = nums(d.xaxis, 3*njnt)

	p["dof_damping"] = nums(m.dof_damping, nv)
	p["dof_armature"] = nums(m.dof_armature, nv)
	p["dof_frictionloss"] = nums(m.dof_frictionloss, nv)
	p["dof_solref"] = nums(m.dof_solref, C.mjNREF*nv)
	p["dof_solimp"] = nums(m.dof_solimp, C.mjNIMP*nv)

	contactGeoms(m, d, p)

	p["actuator_trntype"] = ints(m.actuator_trntype, nu)
	p["actuator_dyntype"] = ints(m.actuator_dyntype, nu)
	p["actuator_gaintype"] = ints(m.actuator_gaintype, nu)
	p["actuator_biastype"] = ints(m.actuator_biastype, nu)
	p["actuator_trnid"] = ints(m.actuator_trnid, 2*nu)
	p["actuator_gear"] = nums(m.actuator_gear, 6*nu)
	p["actuator_ctrllimited"] = flags(m.actuator_ctrllimited, nu)
	p["actuator_forcelimited"] = flags(m.actuator_forcelimited, nu)
	p["actuator_ctrlrange"] = nums(m.actuator_ctrlrange, 2*nu)
	p["actuator_forcerange"] = nums(m.actuator_forcerange, 2*nu)
	p["actuator_gainprm"] = nums(m.actuator_gainprm, C.mjNGAIN*nu)
	p["actuator_biasprm"] = nums(m.actuator_biasprm, C.mjNBIAS*nu)
	return p
}

// contactGeoms adds to p the geoms physics keeps, field by field.
func contactGeoms(m *C.mjModel, d *C.mjData, p map[string][]float64) {
	body := ints(m.geom_bodyid, int(m.ngeom))
	contype := ints(m.geom_contype, int(m.ngeom))
	conaffinity := ints(m.geom_conaffinity, int(m.ngeom))
	type field struct {
		name string
		at   func(g int) []float64
	}
	fields := []field{
		{"geom_type", func(g int) []float64 { return ints(ptr(m.geom_type, g), 1) }},
		{"geom_bodyid", func(g int) []float64 { return []float64{body[g]} }},
		{"geom_contype", func(g int) []float64 { return []float64{contype[g]} }},
		{"geom_conaffinity", func(g int) []float64 { return []float64{conaffinity[g]} }},
		{"geom_condim", func(g int) []float64 { return ints(ptr(m.geom_condim, g), 1) }},
		{"geom_priority", func(g int) []float64 { return ints(ptr(m.geom_priority, g), 1) }},
		{"geom_solmix", func(g int) []float64 { return nums(ptr(m.geom_solmix, g), 1) }},
		{"geom_solref", func(g int) []float64 { return nums(ptr(m.geom_solref, C.mjNREF*g), C.mjNREF) }},
		{"geom_solimp", func(g int) []float64 { return nums(ptr(m.geom_solimp, C.mjNIMP*g), C.mjNIMP) }},
		{"geom_size", func(g int) []float64 { return nums(ptr(m.geom_size, 3*g), 3) }},
		{"geom_friction", func(g int) []float64 { return nums(ptr(m.geom_friction, 3*g), 3) }},
		{"geom_margin", func(g int) []float64 { return nums(ptr(m.geom_margin, g), 1) }},
		{"geom_gap", func(g int) []float64 { return nums(ptr(m.geom_gap, g), 1) }},
		{"geom_xpos", func(g int) []float64 { return nums(ptr(d.geom_xpos, 3*g), 3) }},
		{"geom_xmat", func(g int) []float64 { return nums(ptr(d.geom_xmat, 9*g), 9) }},
	}
	for g := range body {
		if body[g] == 0 && contype[g] == 0 && conaffinity[g] == 0 {
			continue
		}
		for _, f := range fields {
			p[f.name] = append(p[f.name], f.at(g)...)
		}
	}
}

// ptr returns &a[i] for a C array a of any element type.
func ptr[T any](a *T, i int) *T {
	return (*T)(unsafe.Add(unsafe.Pointer(a), uintptr(i)*unsafe.Sizeof(*a)))
}

// nums copies n mjtNums from a.
func nums(a *C.mjtNum, n int) []float64 {
	return append([]float64{}, unsafe.Slice((*float64)(unsafe.Pointer(a)), n)...)
}

// ints copies n C ints from a, as float64s.
func ints(a *C.int, n int) []float64 {
	out := make([]float64, n)
	for i, v := range unsafe.Slice(a, n) {
		out[i] = float64(v)
	}
	return out
}

// flags copies n mjtBytes from a, as float64s.
func flags(a *C.mjtByte, n int) []float64 {
	out := make([]float64, n)
	for i, v := range unsafe.Slice(a, n) {
		out[i] = float64(v)
	}
	return out
}
