//go:build mujoco

package main

// Built with -tags mujoco, the binary links the MuJoCo tasks in.
import _ "github.com/stackel/stackel/rl/env/mujoco"
