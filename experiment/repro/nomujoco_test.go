//go:build !mujoco

package repro

const mujocoLinked = false
