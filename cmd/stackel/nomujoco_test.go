//go:build !mujoco

package main

// mujocoLinked reports whether this binary has the MuJoCo tasks.
const mujocoLinked = false
