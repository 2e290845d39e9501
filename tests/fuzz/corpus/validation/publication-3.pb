
:profiles/hexu-zhao/publications/doctor-in-the-loop-insulinxDevelopment of a Doctor-in-the-loop Interpretation Framework for Insulin Titration in Diabetes: a Proof-of-concept Study
	Haowei He 
	Zhen Ying 	
Biao Li

Yujuan Fan
	Ping Wang

Jiaping Lu
	Liming Wu
	Hexu Zhao
Xiaoying Li
	Yang Yuan
	Ying Chen"+The Lancet Diabetes & Endocrinology Journal(0èB‚~https://scholar.google.com/citations?view_op=view_citation&hl=en&user=ylKFMAkAAAAJ&citation_for_view=ylKFMAkAAAAJ:d1gkVwhDpl0Cp