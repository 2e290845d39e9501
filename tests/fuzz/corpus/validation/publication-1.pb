
?profiles/hexu-zhao/publications/model-parallelism-communication4On Optimizing the Communication of Model Parallelism
Yonghao Zhuang 
	Hexu Zhao 
Lianmin Zheng

Zhuohan Li
Eric P. Xing
	Qirong Ho
Joseph E. Gonzalez

Ion Stoica
	Hao Zhang"	MLSys2023(0çB($https://arxiv.org/pdf/2211.05322.pdf`p