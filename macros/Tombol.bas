' The buttons of an sopxl workbook: one Sub per button. Each runs one handler of the Python module
' sopxl.excel through xlwings' RunPython (the xlwings module of this project); the handler reads the
' workbook, calls the same sopxl function as the command line, and writes the result back.
' Text a person types reaches Python as \u escapes inside a string literal, never as code.
'' CekMakro is pure VBA: it shows that macros run here before Python is involved.
Option Explicit

' The note sopxl leaves beside the workbook (its full name and this) for ThisWorkbook's Workbook_Open
Public Const CATATAN_SOPXL As String = ".sopxl-note.txt"

Public Sub Validasi()
    RunPython "import sopxl.excel as x; x.validasi()"
End Sub

Public Sub GambarBaganAlir()
    ' Save, hand the file to sopxl, close: sopxl waits until Excel has let go of the file, draws the
    ' flowchart into it (as `sopxl flowchart`) and opens it again; Workbook_Open then shows how it went.
    Dim berkas As String
    On Error GoTo tidak_tersimpan
    ThisWorkbook.Save
    On Error GoTo 0
    berkas = BerkasIni()
    HapusBerkas berkas & CATATAN_SOPXL
    RunPython "import sopxl.excel as x; x.gambar_bagan_alir(" & TeksPython(berkas) & ")"
    ' sopxl leaves its note once it has taken the file over; without it sopxl said why, and the workbook stays
    If BerkasAda(berkas & CATATAN_SOPXL) Then ThisWorkbook.Close SaveChanges:=False
    Exit Sub
tidak_tersimpan:
    MsgBox Teks("Buku kerja tidak dapat disimpan: ", "The workbook could not be saved: ") & Err.Description, _
        vbExclamation, "sopxl"
End Sub

Public Sub KasusBaru()
    Dim perihal As String
    perihal = InputBox(Teks("Perihal kasus baru:", "Subject of the new case:"), "sopxl")
    If Len(Trim$(perihal)) = 0 Then Exit Sub
    RunPython "import sopxl.excel as x; x.kasus_baru(" & TeksPython(perihal) & ")"
End Sub

Public Sub Selesai()
    RunPython "import sopxl.excel as x; x.selesai()"
End Sub

Public Sub SetujuYa()
    RunPython "import sopxl.excel as x; x.setuju_ya()"
End Sub

Public Sub KembalikanTidak()
    RunPython "import sopxl.excel as x; x.kembalikan_tidak()"
End Sub

Public Sub Perbarui()
    RunPython "import sopxl.excel as x; x.perbarui()"
End Sub

Public Sub LaporanBulanan()
    RunPython "import sopxl.excel as x; x.laporan_bulanan()"
End Sub

Public Sub PeriksaPemasangan()
    RunPython "import sopxl.excel as x; x.periksa_pemasangan()"
End Sub

Public Sub CekMakro()
    ThisWorkbook.Worksheets("Petunjuk").Range("G5").Value = Teks("Makro berjalan", "Macros run") & " " & _
        Format$(Now, "yyyy-mm-dd hh:mm:ss")
End Sub

Private Function Teks(ByVal indonesia As String, ByVal english As String) As String
    ' The workbook's language, judged like sopxl does: by the header of the Identitas sheet.
    If ThisWorkbook.Worksheets("Identitas").Range("A1").Value = "Field" Then
        Teks = english
    Else
        Teks = indonesia
    End If
End Function

Private Function TeksPython(ByVal teks As String) As String
    ' teks as a Python string literal made only of \uXXXX escapes.
    Dim i As Long, hasil As String
    hasil = "'"
    For i = 1 To Len(teks)
        hasil = hasil & "\u" & Right$("000" & Hex$(AscW(Mid$(teks, i, 1)) And &HFFFF&), 4)
    Next i
    TeksPython = hasil & "'"
End Function

Public Function BerkasIni() As String
    ' This workbook's file: its folder and name (FullName is not that in every host).
    BerkasIni = ThisWorkbook.Path & Application.PathSeparator & ThisWorkbook.Name
End Function

Private Function BerkasAda(ByVal berkas As String) As Boolean
    On Error Resume Next
    BerkasAda = Len(Dir(berkas)) > 0
End Function

Private Sub HapusBerkas(ByVal berkas As String)
    On Error Resume Next
    If BerkasAda(berkas) Then Kill berkas
End Sub
