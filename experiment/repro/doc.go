// Package repro holds the paper reproductions behind `stackel reproduce`:
// each file registers one or more Reproductions (Register) in an init
// function, and the command looks them up by name (Lookup, All).
//
// A reproduction runs its learning through package experiment (configs,
// runs, seeds in parallel) and writes report.md (the tables), results.json
// and figures into its output directory. The reproductions, by paper:
//
//   - Fiez, Chasnov and Ratliff: fiez-duopoly (§4.1, Fig. 1), fiez-torus
//     (§4.2, Fig. 2), stackelberg-oligopoly (Appendix C.1, C.2).
//   - Loftin et al. (Hi-C): hic-cournot (§3.3, Fig. 1), negotiation (§4,
//     Algorithm 2).
//   - Das et al. (stochastic Stackelberg policy gradient): markov-patrol,
//     markov-epidemic (Eq. 8, 9, 19).
//   - Zheng et al. (Stackelberg actor-critic): stac-toy (§3, Figs. 1, 4,
//     5), stac-cartpole, stddpg-pendulum, stsac-pendulum.
//
// To add a reproduction, write one file here whose init calls Register.
package repro
