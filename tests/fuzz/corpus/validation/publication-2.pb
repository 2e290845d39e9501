
3profiles/hexu-zhao/publications/fully-hyperbolic-nn Fully Hyperbolic Neural Networks

Weize Chen
Xu Han

Yankai Lin
	Hexu Zhao
Zhiyuan Liu	
Peng Li
Maosong Sun

Jie Zhou"ACL2022(0æB($https://arxiv.org/pdf/2105.14686.pdfp