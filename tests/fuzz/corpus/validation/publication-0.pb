
/profiles/hexu-zhao/publications/scaling-up-3dgs,On Scaling Up 3D Gaussian Splatting Training
	Hexu Zhao
Haoyang Weng 
	Daohan Lu 
Ang Li

Jinyang Li
Aurojit Panda
Saining Xie"ICLR2025(0èB$ https://arxiv.org/abs/2406.18533B-)https://github.com/nyu-systems/Grendel-GSB/+https://daohanlu.github.io/scaling-up-3dgs/`p