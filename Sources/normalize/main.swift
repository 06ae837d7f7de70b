print("normalize")
