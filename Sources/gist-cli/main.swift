print("gist")
